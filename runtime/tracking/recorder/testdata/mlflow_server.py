# Runs MLflow's own tracking server (its Flask app and REST handlers, the
# mlflow-reader harness's MLflow source) on 127.0.0.1 for recorder tests:
#   mlflow_server.py DIR    backend sqlite:///DIR/mlflow.db, artifacts served from DIR/mlartifacts
# Prints "PORT <n>" once listening. Test aid, not part of kfc.
import os, socket, sys
sys.path.insert(0, os.environ["KFC_MLFLOW_READER"])
import _harness  # noqa: F401

d = sys.argv[1]
os.environ["_MLFLOW_SERVER_FILE_STORE"] = "sqlite:///" + os.path.join(d, "mlflow.db")
os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"] = "mlflow-artifacts:/"
os.environ["_MLFLOW_SERVER_SERVE_ARTIFACTS"] = "true"
os.environ["_MLFLOW_SERVER_ARTIFACT_DESTINATION"] = os.path.join(d, "mlartifacts")

from mlflow.server import app  # noqa: E402

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
print("PORT", port, flush=True)
app.run(host="127.0.0.1", port=port, threaded=True)
