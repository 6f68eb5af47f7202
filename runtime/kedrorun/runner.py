# kfc's Kedro node runner (embedded in the kfc binary; run by `kfc exec`
# for each `kedro:` node, as `python runner.py` in the project folder).
# Everything it needs arrives as one JSON document on standard input, never
# on the command line: the function, Kedro's inputs/outputs binding, each
# dataset's resolved catalog entry with the concrete path kfc chose
# (version, staging or run-folder path), the parameter values, and the
# credentials of the entries that reference some. It builds the datasets
# with Kedro's own AbstractDataset.from_config, calls the function through
# Kedro's own Node (so argument binding and output checks are Kedro's),
# saves the outputs, and exits non-zero with the traceback on failure.
import importlib
import json
import os
import pickle
import sys
import traceback


# kedro-mlflow's datasets: kfc does the tracking (docs/kedro.md), so the
# runner needs no kedro_mlflow. A metric dataset is a JSON file at its
# run-folder path, in the form kfc's recorder reads; an artifact dataset is
# the dataset it wraps, which kfc logs as an artifact once promoted.
METRIC_TYPES = ("MlflowMetricDataset", "MlflowMetricHistoryDataset", "MlflowMetricsHistoryDataset")
ARTIFACT_TYPE = "MlflowArtifactDataset"


def short_type(spec):
    return str(spec["config"].get("type", "")).rsplit(".", 1)[-1]


def dataset_for(name, spec, credentials):
    """A Kedro dataset for spec, or None for one kfc keeps as a pickle."""
    if not spec.get("persisted"):
        return None
    from kedro.io import AbstractDataset

    config = dict(spec["config"])
    if short_type(spec) == ARTIFACT_TYPE and isinstance(config.get("dataset"), dict):
        config = dict(config["dataset"])
    config.pop("versioned", None)  # kfc already put the version in the path
    key = "filepath" if "filepath" in config else ("path" if "path" in config else None)
    if key is not None and spec.get("path"):
        config[key] = spec["path"]
    cred = config.get("credentials")
    if isinstance(cred, str):
        if cred not in credentials:
            raise KeyError("credentials %r of dataset %r were not given to the runner" % (cred, name))
        config["credentials"] = credentials[cred]
    return AbstractDataset.from_config(name, config)


def load(name, spec, credentials):
    if short_type(spec) in METRIC_TYPES:
        with open(spec["path"]) as f:
            data = json.load(f)
        if short_type(spec) == "MlflowMetricDataset" and isinstance(data, dict):
            return data.get("value")
        return data
    ds = dataset_for(name, spec, credentials)
    if ds is None:
        with open(spec["path"], "rb") as f:
            return pickle.load(f)
    return ds.load()


def save(name, spec, credentials, value):
    if short_type(spec) in METRIC_TYPES:
        os.makedirs(os.path.dirname(spec["path"]) or ".", exist_ok=True)
        with open(spec["path"], "w") as f:
            json.dump(value, f)
        return
    ds = dataset_for(name, spec, credentials)
    if ds is None:
        os.makedirs(os.path.dirname(spec["path"]) or ".", exist_ok=True)
        with open(spec["path"], "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        return
    ds.save(value)


def names(binding):
    if binding is None:
        return []
    if isinstance(binding, str):
        return [binding]
    if isinstance(binding, dict):
        return list(binding.values())
    return list(binding)


def function(path):
    module, _, qualname = path.partition(":")
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def main():
    job = json.load(sys.stdin)
    from kedro.framework.startup import bootstrap_project
    from kedro.pipeline import Node

    bootstrap_project(os.getcwd())
    credentials = job.get("credentials") or {}
    datasets = job["datasets"]
    params = job.get("parameters") or {}
    node = Node(function(job["function"]), job["inputs"], job["outputs"], name=job["name"].rsplit(".", 1)[-1])
    values = {}
    for name in names(job["inputs"]):
        if name in values:
            continue
        if name == "parameters" or name.startswith("params:"):
            values[name] = params[name]
        else:
            values[name] = load(name, datasets[name], credentials)
    results = node.run(values)
    for name, value in results.items():
        save(name, datasets[name], credentials, value)
    for name in job.get("confirms") or []:
        # As Kedro's DataCatalog.confirm: the dataset must have confirm().
        ds = dataset_for(name, datasets[name], credentials) if name in datasets else None
        if ds is None or not hasattr(ds, "confirm"):
            raise RuntimeError("Dataset '%s' does not have 'confirm' method" % name)
        ds.confirm()


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - the traceback is the node's log
        traceback.print_exc()
        sys.exit(1)
