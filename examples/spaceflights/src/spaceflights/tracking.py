"""Log metrics into the MLflow run kfc started for this node, if there is one.

kfc exec gives every node MLFLOW_TRACKING_URI, MLFLOW_RUN_ID and
MLFLOW_EXPERIMENT_ID. With the MLflow client installed, MlflowClient logs
into that run (a client call, so the run's status stays kfc's to set; a
`with mlflow.start_run():` block would end the run when it exits). Without
it, `kfc log metric` does the same from any language. Outside a run this
does nothing.
"""

import os
import shutil
import subprocess


def log_metrics(metrics, step=0):
    run_id = os.environ.get("MLFLOW_RUN_ID")
    if not run_id:
        return
    # Nodes of a namespaced pipeline ("candidate.evaluate_model") log under
    # their namespace, so two copies of a pipeline never share a metric key.
    namespace = os.environ.get("KFC_NODE", "").rpartition(".")[0]
    if namespace:
        metrics = {namespace + "." + k: v for k, v in metrics.items()}
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        MlflowClient = None
    if MlflowClient is not None:
        client = MlflowClient()
        for key, value in metrics.items():
            client.log_metric(run_id, key, float(value), step=step)
        return
    kfc = shutil.which("kfc")
    if kfc is None:
        print("not logging metrics: neither the MLflow client nor kfc is on this machine")
        return
    for key, value in metrics.items():
        subprocess.run([kfc, "log", "metric", key, repr(float(value)), "--step", str(step)], check=True)
