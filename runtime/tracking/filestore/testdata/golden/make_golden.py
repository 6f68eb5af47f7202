import sys, os
sys.path.insert(0, os.environ.get("KFC_MLFLOW_READER", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../../shared/tools/mlflow-reader")))
import _harness  # noqa
import uuid, random
from mlflow.store.tracking.file_store import FileStore
from mlflow.entities import Metric, Param, RunTag, ExperimentTag, RunStatus
import mlflow.store.tracking.file_store as fsmod
import mlflow.utils.time as t
# Makes runtime/tracking/filestore/testdata/golden: what MLflow's own FileStore writes
# for the operations TestGoldenBytes repeats. Run with the mlflow-reader harness
# (PYTHONPATH and MLFLOW_CLIENT_SRC from its setup.sh) into /tmp/kfc-golden/mlruns.
# The committed bytes come from upstream's source at 046e2116 (MLFLOW_COMMIT for
# setup.sh: the fork's parent before its workspace commit, alembic head
# bf29a5ff90ea); the fork at 52d13c9 writes the same plus 'workspace: default'
# in experiment meta.yaml.
# deterministic ids and times so bytes can be committed
ids = iter(["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"])
fsmod.uuid = type("U", (), {"uuid4": staticmethod(lambda: type("X", (), {"hex": next(ids)})())})
fsmod._generate_unique_integer_id = lambda: 123456789012345678
fsmod.get_current_time_millis = lambda: 1700000000000
root = sys.argv[1]
s = FileStore(root)
e = s.create_experiment("my exp", tags=[ExperimentTag("team", "ml"), ExperimentTag("a/b", "nested")])
r = s.create_run(e, "ana", 1700000000123, [RunTag("kfc.pipeline", "__default__")], "train")
rid = r.info.run_id
vals = [1.0, 1e-05, 1e16, float("nan"), float("inf"), float("-inf"), -0.0, 0.1, 100000000000000.0, 123456789.12345679, 0.30000000000000004, 1.2345678901234567e+19, 5e-324, 2.5]
s.log_batch(rid, [Metric("m", v, 1700000000200 + i, i) for i, v in enumerate(vals)], [Param("alpha", "0.5"), Param("nested/p", "x"), Param("empty", "")], [RunTag("t", "line1\nline2"), RunTag("dir/sub/tag", "v")])
s.log_metric(rid, Metric("loss", 0.5, 1700000000300, -1))
s.update_run_info(rid, RunStatus.FINISHED, 1700000000999, None)
# a second run in Default, running, odd names for YAML quoting
r2 = s.create_run("0", "123", 5, [], "yes")
ids2 = iter(["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
fsmod.uuid = type("U", (), {"uuid4": staticmethod(lambda: type("X", (), {"hex": next(ids2)})())})
fsmod._generate_unique_integer_id = lambda: 987654321098765432
e2 = s.create_experiment("a long experiment name, " * 5 + "end", artifact_location="/somewhere/else")
s.create_run(e2, "o'brien", 7, [RunTag("mlflow.runName", "2024-01-01")], None)
