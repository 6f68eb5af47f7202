# Creates a tracking database with MLflow's own SqlAlchemyStore (as
# `mlflow ui` or the client does on first use):  make_store.py OUT.db
import os, sys, tempfile
sys.path.insert(0, os.environ.get("KFC_MLFLOW_READER", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../shared/tools/mlflow-reader")))
import _harness  # noqa: F401
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
SqlAlchemyStore("sqlite:///" + sys.argv[1], os.path.join(tempfile.mkdtemp(), "mlruns"))
