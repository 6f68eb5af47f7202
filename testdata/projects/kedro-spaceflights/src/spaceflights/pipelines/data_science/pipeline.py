from kedro.pipeline import Node, Pipeline

from .nodes import evaluate_model, split_data, train_model


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline(
        [
            Node(split_data, ["model_input_table@pandas", "params:model_options"], ["X_train", "X_test", "y_train", "y_test"], name="split_data_node"),
            Node(train_model, ["X_train", "y_train"], "regressor", name="train_model_node", tags=["training"]),
            Node(evaluate_model, ["regressor", "X_test", "y_test"], "metrics", name="evaluate_model_node"),
        ]
    )
    # The same steps again under a namespace, with other options: the
    # modular-pipeline reuse the starters' docs show.
    candidate = Pipeline(
        base,
        namespace="candidate",
        inputs={"model_input_table@pandas": "model_input_table@pandas"},
        parameters={"params:model_options": "params:candidate_options"},
        tags=["candidate"],
    )
    return base + candidate
