# Makes testdata/mlflow_rows.golden: the rows MLflow's own SqlAlchemyStore
# writes for the operations TestRowsMatchSqlAlchemyStore repeats, dumped by
# dump_rows() below (the Go test dumps kfc's database the same way).
# Run with the mlflow-reader harness's PYTHONPATH:
#   /usr/bin/python3 make_rows.py OUT.db > mlflow_rows.golden
import math, os, sqlite3, sys
sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../shared/tools/mlflow-reader"))
import _harness  # noqa: F401
import mlflow.store.tracking.sqlalchemy_store as sas
from mlflow.entities import Metric, Param, RunTag, ExperimentTag, RunStatus

ids = iter(["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"])
sas.uuid = type("U", (), {"uuid4": staticmethod(lambda: type("X", (), {"hex": next(ids)})())})
sas.get_current_time_millis = lambda: 1700000000000

TABLES = {
    "experiments": ["experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"],
    "experiment_tags": ["key", "value", "experiment_id"],
    "runs": ["run_uuid", "name", "source_type", "source_name", "entry_point_name", "user_id", "status", "start_time",
             "end_time", "source_version", "lifecycle_stage", "artifact_uri", "experiment_id", "deleted_time"],
    "params": ["key", "value", "run_uuid"],
    "tags": ["key", "value", "run_uuid"],
    "metrics": ["key", "value", "timestamp", "run_uuid", "step", "is_nan"],
    "latest_metrics": ["key", "value", "timestamp", "step", "is_nan", "run_uuid"],
}


def dump_rows(path):
    con = sqlite3.connect(path)
    out = []
    for table in sorted(TABLES):
        cols = TABLES[table]
        sel = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
        for row in con.execute(f"SELECT {sel} FROM {table}"):
            cells = []
            for i, c in enumerate(cols):
                v, t = row[2 * i], row[2 * i + 1]
                cells.append(f"{c}={t}:{repr(v) if t == 'real' else ('' if v is None else v)!s}")
            out.append(table + " " + " ".join(repr(c) for c in cells))
    return sorted(out)


db = sys.argv[1]
s = sas.SqlAlchemyStore("sqlite:///" + db, "/ART/mlruns")
e = s.create_experiment("exp", tags=[ExperimentTag("team", "ml")])
r = s.create_run(e, "ana", 1000, [RunTag("mlflow.user", "ana")], "train").info.run_id
s.log_batch(r, [Metric("loss", 0.5, 10, 0), Metric("loss", float("inf"), 11, 1), Metric("loss", 9.0, 5, 0),
                Metric("nan", float("nan"), 1, 0), Metric("neg", float("-inf"), 3, -1), Metric("loss", 0.5, 10, 0)],
            [Param("alpha", "0.1"), Param("model/depth", "3")], [RunTag("k", "v")])
s.log_batch(r, [Metric("loss", 0.5, 10, 0), Metric("nan", 2.0, 1, 0)], [], [RunTag("mlflow.runName", "renamed"), RunTag("k", "v2")])
s.update_run_info(r, RunStatus.FINISHED, 2000, None)
r2 = s.create_run("0", "bob", 3000, [RunTag("mlflow.runName", "second")], None).info.run_id
print("\n".join(dump_rows(db)))
