import numpy as np
import pandas as pd


def split_data(data: pd.DataFrame, parameters: dict) -> tuple:
    X = data[parameters["features"]].astype(float)
    y = data["price"].astype(float)
    test = X.sample(frac=parameters["test_size"], random_state=parameters["random_state"])
    train = X.drop(test.index)
    return train, test, y.loc[train.index], y.loc[test.index]


def train_model(X_train: pd.DataFrame, y_train: pd.Series) -> dict:
    """Least squares with an intercept: numpy only, no scikit-learn."""
    A = np.column_stack([np.ones(len(X_train)), X_train.to_numpy()])
    coef, *_ = np.linalg.lstsq(A, y_train.to_numpy(), rcond=None)
    return {"intercept": float(coef[0]), "coef": [float(c) for c in coef[1:]], "features": list(X_train.columns)}


def evaluate_model(regressor: dict, X_test: pd.DataFrame, y_test: pd.Series) -> dict:
    pred = regressor["intercept"] + X_test[regressor["features"]].to_numpy() @ np.array(regressor["coef"])
    resid = y_test.to_numpy() - pred
    ss_tot = float(((y_test - y_test.mean()) ** 2).sum()) or 1.0
    return {"r2": 1.0 - float((resid**2).sum()) / ss_tot, "n": int(len(y_test))}
