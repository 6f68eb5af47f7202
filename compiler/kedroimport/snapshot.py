# kfc's Kedro snapshot script (embedded in the kfc binary; run by
# `kfc import kedro`). It bootstraps the project as `kedro run` does
# (pyproject metadata, src on sys.path, settings.py, the pipeline registry)
# and prints every registered pipeline as one JSON document on stdout.
# It imports nothing but the standard library, Kedro and the project.
import functools
import importlib
import json
import os
import sys


def function_of(node):
    """module, qualname and why it cannot be named by import path ("" if it can)."""
    func = node.func
    if isinstance(func, functools.partial):
        return "", "", "a functools.partial"
    module = getattr(func, "__module__", None) or ""
    qualname = getattr(func, "__qualname__", None) or ""
    name = getattr(func, "__name__", None) or ""
    if not module or not qualname:
        return module, qualname, "a callable without __module__ and __qualname__ (%s)" % type(func).__name__
    if name == "<lambda>":
        return module, qualname, "a lambda"
    if "<locals>" in qualname:
        return module, qualname, "a closure (defined inside %s)" % qualname.split(".<locals>")[0]
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return module, qualname, "not importable as %s:%s (%s: %s)" % (module, qualname, type(exc).__name__, exc)
    if obj is not func:
        return module, qualname, "%s:%s is another object than the node's function (a decorator without functools.wraps?)" % (module, qualname)
    return module, qualname, ""


def describe(node):
    module, qualname, problem = function_of(node)
    full = node.name
    namespace = node.namespace or ""
    local = full[len(namespace) + 1:] if namespace and full.startswith(namespace + ".") else full
    return {
        "name": full,
        "local_name": local,
        "namespace": namespace,
        "module": module,
        "qualname": qualname,
        "problem": problem,
        "inputs": node._inputs,
        "outputs": node._outputs,
        "tags": sorted(node.tags),
        "confirms": list(node.confirms),
    }


def main():
    # Whatever Kedro or the project prints while they are imported (Kedro's
    # logging writes to stdout) goes to stderr, so stdout holds the JSON
    # document only.
    sys.stdout.flush()
    json_out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    from pathlib import Path

    import kedro
    from kedro.framework.project import pipelines
    from kedro.framework.startup import bootstrap_project

    project = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    metadata = bootstrap_project(project)
    out = {
        "kedro_version": kedro.__version__,
        "package": metadata.package_name,
        "pipelines": {},
    }
    for name in sorted(pipelines.keys()):
        pipe = pipelines[name]
        out["pipelines"][name] = {
            "nodes": [describe(n) for n in pipe.nodes],
            "inputs": sorted(pipe.inputs()),
            "outputs": sorted(pipe.outputs()),
        }
    json_out.write(json.dumps(out, sort_keys=True, indent=1) + "\n")
    json_out.flush()


if __name__ == "__main__":
    main()
