from kedro.pipeline import Node, Pipeline

from .nodes import capacity_by_type, company_summary, split_report


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            # No name: Kedro derives <func>__<hash8>.
            Node(capacity_by_type, "model_input_table@csv", "capacity_by_type"),
            Node(company_summary, ["preprocessed_companies", "parameters"], "company_summary", name="company_summary", namespace="summaries"),
            Node(
                split_report,
                {"metrics": "metrics", "candidate_metrics": "candidate.metrics"},
                {"best": "best_model", "summary": "model_summary"},
                name="split_report",
                tags=["reporting", "final"],
            ),
        ]
    )
