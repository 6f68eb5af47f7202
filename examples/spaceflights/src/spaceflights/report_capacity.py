"""Average passenger capacity per shuttle type, largest first, as JSON."""

import argparse
import statistics
from collections import defaultdict

from tables import read_table, write_json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="source", required=True)
    parser.add_argument("--top-n", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    _, rows = read_table(args.source)
    capacity = defaultdict(list)
    for row in rows:
        capacity[row["shuttle_type"]].append(float(row["passenger_capacity"]))
    ranked = sorted(
        ({"shuttle_type": t, "average_capacity": statistics.fmean(v), "shuttles": len(v)}
         for t, v in capacity.items()),
        key=lambda item: (-item["average_capacity"], item["shuttle_type"]),
    )
    write_json(args.out, {"top": ranked[: max(args.top_n, 0)]})
    print(f"capacity report: {len(ranked)} shuttle types -> {args.out}")


if __name__ == "__main__":
    main()
