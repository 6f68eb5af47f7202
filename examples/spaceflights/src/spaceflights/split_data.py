"""Keep the feature and target columns and split the rows into train and test sets.

The shuffle is seeded with --random-state, so the split is the same on every run.
"""

import argparse
import random

from tables import parse_list, read_table, write_table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="source", required=True)
    parser.add_argument("--features", required=True, help="JSON list or comma-separated names")
    parser.add_argument("--target", required=True)
    parser.add_argument("--test-size", type=float, required=True)
    parser.add_argument("--random-state", type=int, required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    args = parser.parse_args()
    if not 0 < args.test_size < 1:
        parser.error("--test-size must be between 0 and 1")

    columns, rows = read_table(args.source)
    features = parse_list(args.features)
    wanted = features + [args.target]
    missing = [c for c in wanted if c not in columns]
    if missing:
        parser.error(f"{args.source}: missing columns {missing}")

    rows = [{c: row[c] for c in wanted} for row in rows]
    random.Random(args.random_state).shuffle(rows)
    n_test = max(1, round(len(rows) * args.test_size))
    write_table(args.test, wanted, rows[:n_test])
    write_table(args.train, wanted, rows[n_test:])
    print(f"split: {len(rows) - n_test} train, {n_test} test")


if __name__ == "__main__":
    main()
