"""Validate a project's base catalog with Python's jsonschema against Kedro's
published catalog JSON Schema: the baseline scripts/bench.sh compares kfc vet
with. Usage: jsonschema_catalog.py SCHEMA.json PROJECT_DIR"""
import glob
import json
import os
import sys

import jsonschema
import yaml

schema_path, project = sys.argv[1], sys.argv[2]
with open(schema_path) as f:
    schema = json.load(f)
catalog = {}
base = os.path.join(project, "conf", "base")
for path in sorted(glob.glob(os.path.join(base, "**", "*.yml"), recursive=True)):
    parts = os.path.relpath(path, base).split(os.sep)
    # Kedro's catalog patterns: catalog*, catalog*/**, **/catalog*.
    if not (parts[-1].startswith("catalog") or parts[0].startswith("catalog")):
        continue
    with open(path) as f:
        catalog.update(yaml.safe_load(f) or {})
errors = list(jsonschema.Draft7Validator(schema).iter_errors(catalog))
print(len(catalog), "entries,", len(errors), "schema errors")
