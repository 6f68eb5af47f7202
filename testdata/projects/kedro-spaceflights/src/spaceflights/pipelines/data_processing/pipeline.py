from kedro.pipeline import Node, Pipeline

from .nodes import create_model_input_table, preprocess_companies, preprocess_shuttles


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(preprocess_companies, "companies", "preprocessed_companies", name="preprocess_companies_node"),
            Node(preprocess_shuttles, "shuttles", "preprocessed_shuttles", name="preprocess_shuttles_node", tags=["shuttles"]),
            Node(
                create_model_input_table,
                {"shuttles": "preprocessed_shuttles", "companies": "preprocessed_companies", "reviews": "reviews"},
                "model_input_table@pandas",
                name="create_model_input_table_node",
            ),
        ]
    )
