"""Join shuttles with their reviews and their company into one model input table.

Rows with an empty cell after the join, or fewer reviews than --min-reviews,
are dropped.
"""

import argparse

from tables import read_table, write_table


def index_by(rows, key):
    return {row[key]: row for row in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shuttles", required=True)
    parser.add_argument("--companies", required=True)
    parser.add_argument("--reviews", required=True)
    parser.add_argument("--min-reviews", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    shuttle_columns, shuttles = read_table(args.shuttles)
    company_columns, companies = read_table(args.companies)
    review_columns, reviews = read_table(args.reviews)
    company_by_id = index_by(companies, "id")
    review_by_shuttle = index_by(reviews, "shuttle_id")

    columns = (
        shuttle_columns
        + [c for c in review_columns if c != "shuttle_id"]
        + [c for c in company_columns if c != "id"]
    )
    table = []
    for shuttle in shuttles:
        review = review_by_shuttle.get(shuttle["id"])
        company = company_by_id.get(shuttle["company_id"])
        if review is None or company is None:
            continue
        if int(review["number_of_reviews"]) < args.min_reviews:
            continue
        row = dict(shuttle)
        row.update({c: review[c] for c in review_columns if c != "shuttle_id"})
        row.update({c: company[c] for c in company_columns if c != "id"})
        if any(str(row[c]).strip() == "" for c in columns):
            continue
        table.append(row)
    write_table(args.out, columns, table)
    print(f"model input table: {len(table)} of {len(shuttles)} shuttles -> {args.out}")


if __name__ == "__main__":
    main()
