"""Ridge regression by least squares, in pure Python.

Features are standardised with the training mean and standard deviation, so
the penalty alpha treats them alike; the intercept is not penalised.
"""

import statistics


def fit(rows, features, target, alpha, fit_intercept=True):
    """Return a model dict for rows (dicts of floats)."""
    means = {f: statistics.fmean(r[f] for r in rows) for f in features}
    scales = {f: statistics.pstdev([r[f] for r in rows], means[f]) or 1.0 for f in features}
    x = [[(r[f] - means[f]) / scales[f] for f in features] for r in rows]
    y = [r[target] for r in rows]
    intercept = statistics.fmean(y) if fit_intercept else 0.0
    centred = [v - intercept for v in y]

    n = len(features)
    # Normal equations (X'X + alpha I) w = X'y.
    gram = [[sum(row[i] * row[j] for row in x) for j in range(n)] for i in range(n)]
    for i in range(n):
        gram[i][i] += alpha
    moment = [sum(row[i] * t for row, t in zip(x, centred)) for i in range(n)]
    weights = solve(gram, moment)
    return {
        "kind": "ridge",
        "features": list(features),
        "target": target,
        "alpha": alpha,
        "intercept": intercept,
        "weights": dict(zip(features, weights)),
        "means": means,
        "scales": scales,
    }


def predict(model, row):
    value = model["intercept"]
    for f in model["features"]:
        value += model["weights"][f] * (row[f] - model["means"][f]) / model["scales"][f]
    return value


def solve(matrix, vector):
    """Solve matrix @ w = vector by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [list(matrix[i]) + [vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            raise ValueError("singular system: a feature is constant or duplicated (try alpha > 0)")
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    w = [0.0] * n
    for r in range(n - 1, -1, -1):
        w[r] = (a[r][n] - sum(a[r][c] * w[c] for c in range(r + 1, n))) / a[r][r]
    return w
