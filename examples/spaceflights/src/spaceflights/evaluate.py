"""Score a pickled model on a test table and write the metrics as JSON."""

import argparse
import pickle
import statistics

import linear
from tables import read_table, to_float, write_json
from tracking import log_metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--target", default="price")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    with open(args.model, "rb") as f:
        model = pickle.load(f)
    columns, raw = read_table(args.test)
    needed = model["features"] + [args.target]
    missing = [c for c in needed if c not in columns]
    if missing:
        parser.error(f"{args.test}: missing columns {missing}")
    rows = [{c: to_float(r[c]) for c in needed} for r in raw]
    rows = [r for r in rows if None not in r.values()]
    if not rows:
        parser.error(f"{args.test}: no complete rows")

    actual = [r[args.target] for r in rows]
    errors = [linear.predict(model, r) - y for r, y in zip(rows, actual)]
    mean = statistics.fmean(actual)
    total = sum((y - mean) ** 2 for y in actual)
    residual = sum(e * e for e in errors)
    metrics = {
        "r2_score": 1 - residual / total if total else 0.0,
        "mae": statistics.fmean(abs(e) for e in errors),
        "max_error": max(abs(e) for e in errors),
        "n_test": len(rows),
    }
    write_json(args.out, metrics)
    log_metrics(metrics)
    print(f"r2 {metrics['r2_score']:.3f}, mae {metrics['mae']:.1f} -> {args.out}")


if __name__ == "__main__":
    main()
