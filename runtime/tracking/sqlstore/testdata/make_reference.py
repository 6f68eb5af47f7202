# Makes a database the way MLflow's own _initialize_tables does
# (InitialBase.metadata.create_all, then alembic upgrade), stopping at a
# given revision:  /usr/bin/python3 make_reference.py OUT.db bf29a5ff90ea
# (PYTHONPATH from ../shared/tools/mlflow-reader/setup.sh). kfc's schema.sql
# and testdata/mlflow_sqlite_master.golden were made from its output.
import os, sys
sys.path.insert(0, os.environ.get("KFC_MLFLOW_READER", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../shared/tools/mlflow-reader")))
import _harness  # noqa
import sqlalchemy
from alembic import command
from mlflow.store.db.utils import _get_alembic_config
from mlflow.store.tracking.dbmodels.initial_models import Base as InitialBase
url = "sqlite:///" + sys.argv[1]
engine = sqlalchemy.create_engine(url)
InitialBase.metadata.create_all(engine)
cfg = _get_alembic_config(url)
with engine.begin() as c:
    cfg.attributes["connection"] = c
    command.upgrade(cfg, sys.argv[2])
