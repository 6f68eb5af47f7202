"""Small stdlib helpers shared by the node scripts: CSV tables in, CSV/JSON out.

A table is a list of dicts (one per row) plus its column order. Every writer
creates the parent folder first, because kfc (like Kedro for versioned
datasets) may hand a node a path whose folder does not exist yet.
"""

import ast
import csv
import json
import os


def read_table(path):
    """Return (columns, rows) of a CSV file with a header line."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_table(path, columns, rows):
    """Write rows (dicts) as CSV with the given column order."""
    _make_parent(path)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_json(path, value):
    _make_parent(path)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")


def parse_bool(text):
    """Accept the spellings a bool arrives in: t/f from the raw data, True/False
    from MLflow's str() rendering, true/false from YAML or JSON."""
    value = str(text).strip().lower()
    if value in ("t", "true", "1", "yes", "y"):
        return True
    if value in ("f", "false", "0", "no", "n"):
        return False
    raise ValueError(f"not a boolean: {text!r}")


def parse_list(text):
    """Parse a list argument given as JSON, a Python literal or comma-separated words."""
    text = text.strip()
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, (list, tuple)):
            return [str(item) for item in value]
    return [item.strip() for item in text.split(",") if item.strip()]


def to_float(text):
    """A number, or None for an empty cell."""
    text = str(text).strip()
    return float(text) if text else None


def _make_parent(path):
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
