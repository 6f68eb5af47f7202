"""Clean one raw table: companies or shuttles.

    python3 src/spaceflights/preprocess.py companies --in RAW.csv --out CLEAN.csv
    python3 src/spaceflights/preprocess.py shuttles  --in RAW.csv --out CLEAN.csv

Percentages become fractions, t/f flags become 1/0 and "$1,234.50" prices
become numbers. Unparseable cells are left empty; the join drops those rows.
"""

import argparse

from tables import parse_bool, read_table, write_table


def percentage(text):
    text = text.strip()
    return "" if not text else str(float(text.rstrip("%")) / 100)


def flag(text):
    return "" if not text.strip() else str(int(parse_bool(text)))


def money(text):
    text = text.strip().replace("$", "").replace(",", "")
    return "" if not text else str(float(text))


CLEANERS = {
    "companies": {"company_rating": percentage, "iata_approved": flag},
    "shuttles": {
        "d_check_complete": flag,
        "moon_clearance_complete": flag,
        "price": money,
    },
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", choices=sorted(CLEANERS))
    parser.add_argument("--in", dest="source", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    columns, rows = read_table(args.source)
    cleaners = CLEANERS[args.table]
    missing = sorted(set(cleaners) - set(columns))
    if missing:
        parser.error(f"{args.source}: missing columns {missing}")
    for row in rows:
        for column, clean in cleaners.items():
            row[column] = clean(row[column])
    write_table(args.out, columns, rows)
    print(f"{args.table}: {len(rows)} rows -> {args.out}")


if __name__ == "__main__":
    main()
