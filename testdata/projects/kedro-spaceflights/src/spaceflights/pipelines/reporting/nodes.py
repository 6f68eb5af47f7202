import pandas as pd


def capacity_by_type(table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby("shuttle_type")["passenger_capacity"].mean().reset_index()


def company_summary(companies: pd.DataFrame, everything: dict) -> dict:
    return {
        "companies": int(len(companies)),
        "rated": int(companies["company_rating"].notna().sum()),
        "test_size": everything["model_options"]["test_size"],
    }


def split_report(metrics: dict, candidate_metrics: dict) -> dict:
    return {
        "best": "base" if metrics["r2"] >= candidate_metrics["r2"] else "candidate",
        "summary": {"base": metrics, "candidate": candidate_metrics},
    }
