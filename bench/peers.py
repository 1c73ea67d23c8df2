"""Peers for the leadscore benchmark: scikit-learn's HistGradientBoostingClassifier and
XGBoost `hist`, fitted on the rows and folds leadscore used (written by bench/lib/dataset-file.ts).

Usage: python3 bench/peers.py DATA_DIR MODEL [FOLDS] [TREES] [LEARNING_RATE]
  MODEL: hgb | xgb;  FOLDS: comma-separated fold numbers to run (default: all)
Prints one JSON document: per fold fit seconds, predict rows/s, AUC, log loss; peak RSS.
"""
import json
import os
import resource
import sys
import time

import numpy as np


def load(data_dir):
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    rows = meta["rows"]
    features = meta["features"]
    X = np.fromfile(os.path.join(data_dir, "X.f64"), dtype=np.float64).reshape(len(features), rows).T
    y = np.fromfile(os.path.join(data_dir, "y.u8"), dtype=np.uint8)
    fold = np.fromfile(os.path.join(data_dir, "fold.i32"), dtype=np.int32)
    categorical = np.array([f["type"] == "categorical" for f in features])
    return meta, X, y, fold, categorical


def fit_hgb(X, y, categorical, trees, learning_rate, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=trees,
        learning_rate=learning_rate,
        max_leaf_nodes=31,
        min_samples_leaf=20,
        l2_regularization=0.0,
        max_bins=255,
        categorical_features=categorical if categorical.any() else None,
        early_stopping=False,
        random_state=seed,
    )
    model.fit(X, y)
    return lambda Z: model.predict_proba(Z)[:, 1]


def fit_xgb(X, y, categorical, trees, learning_rate, seed):
    import xgboost as xgb

    types = ["c" if c else "q" for c in categorical]
    train = xgb.DMatrix(X, label=y, feature_types=types, enable_categorical=bool(categorical.any()), nthread=2)
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": 6,
        "eta": learning_rate,
        "nthread": 2,
        "max_bin": 256,
        "seed": seed,
        "eval_metric": "logloss",
    }
    booster = xgb.train(params, train, num_boost_round=trees)

    def predict(Z):
        return booster.predict(xgb.DMatrix(Z, feature_types=types, enable_categorical=bool(categorical.any()), nthread=2))

    return predict


def auc(scores, y):
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, scores))


def log_loss(p, y):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main():
    data_dir, model = sys.argv[1], sys.argv[2]
    meta, X, y, fold, categorical = load(data_dir)
    folds = [int(k) for k in sys.argv[3].split(",")] if len(sys.argv) > 3 and sys.argv[3] else list(range(meta["folds"]))
    trees = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    learning_rate = float(sys.argv[5]) if len(sys.argv) > 5 else 0.05
    fit = {"hgb": fit_hgb, "xgb": fit_xgb}[model]
    results = []
    for k in folds:
        train, valid = fold != k, fold == k
        Xt, yt = np.ascontiguousarray(X[train]), y[train]
        Xv, yv = np.ascontiguousarray(X[valid]), y[valid]
        started = time.perf_counter()
        predict = fit(Xt, yt, categorical, trees, learning_rate, 42)
        fit_seconds = time.perf_counter() - started
        started = time.perf_counter()
        p = predict(Xv)
        predict_seconds = time.perf_counter() - started
        results.append(
            {
                "fold": k,
                "fitSeconds": fit_seconds,
                "predictRowsPerSecond": len(yv) / predict_seconds,
                "auc": auc(p, yv),
                "logLoss": log_loss(p, yv),
            }
        )
    import sklearn
    import xgboost

    versions = {"sklearn": sklearn.__version__, "xgboost": xgboost.__version__, "numpy": np.__version__}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"model": model, "versions": versions, "folds": results, "peakRssBytes": peak}))


if __name__ == "__main__":
    main()
