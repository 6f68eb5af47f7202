"""Train a ridge regression on a CSV table and pickle the model.

Every column except --target is a feature. This is the MLproject entry point
"train"; MLflow renders bools as True/False, which --fit-intercept accepts.
"""

import argparse
import os
import pickle

import linear
from tables import parse_bool, read_table, to_float


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--target", default="price")
    parser.add_argument("--fit-intercept", type=parse_bool, default=True)
    args = parser.parse_args()
    if args.alpha < 0:
        parser.error("--alpha must not be negative")

    columns, raw = read_table(args.data)
    if args.target not in columns:
        parser.error(f"{args.data}: no target column {args.target!r}")
    features = [c for c in columns if c != args.target]
    rows = [{c: to_float(r[c]) for c in columns} for r in raw]
    rows = [r for r in rows if None not in r.values()]
    if len(rows) <= len(features):
        parser.error(f"{args.data}: {len(rows)} complete rows is too few for {len(features)} features")

    model = linear.fit(rows, features, args.target, args.alpha, args.fit_intercept)
    parent = os.path.dirname(args.model)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(args.model, "wb") as f:
        pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"trained on {len(rows)} rows, {len(features)} features -> {args.model}")


if __name__ == "__main__":
    main()
