"""scikit-learn counterparts of leadscore's model zoo, on the folds and encoded features
leadscore used (written by bench/zoo-parity.ts, one folder per fold in bench/lib/dataset-file.ts
format: the "linear" encoding fitted on that fold's training rows, i.e. numeric columns
standardised with a missing indicator, categorical columns one-hot).

Usage: python3 bench/zoo-parity.py DATA_DIR FOLDS MODEL[,MODEL...] [SEED]
  DATA_DIR holds fold-0 .. fold-(FOLDS-1); MODEL: logistic | tree | forest | mlp
Prints one JSON document: { sklearn, models: { MODEL: { auc: [per fold], fitSeconds: [per fold] } } }.
The hyper-parameters mirror leadscore's defaults (see each model's params file).
"""
import json
import os
import sys
import time

import numpy as np


def load_fold(data_dir):
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    rows = meta["rows"]
    features = meta["features"]
    X = np.fromfile(os.path.join(data_dir, "X.f64"), dtype=np.float64).reshape(len(features), rows).T
    y = np.fromfile(os.path.join(data_dir, "y.u8"), dtype=np.uint8)
    fold = np.fromfile(os.path.join(data_dir, "fold.i32"), dtype=np.int32)
    return X, y, fold


def make_model(name, seed):
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        # leadscore: sum of log losses + 1/2 * l2 * |w|^2 with l2 = 1, i.e. C = 1
        return LogisticRegression(C=1.0, max_iter=2000, tol=1e-8)
    if name == "tree":
        from sklearn.tree import DecisionTreeClassifier

        return DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, min_samples_split=40, random_state=seed)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(
            n_estimators=300, max_depth=10, min_samples_leaf=10, max_features="sqrt", n_jobs=2, random_state=seed
        )
    if name == "mlp":
        from sklearn.neural_network import MLPClassifier

        return MLPClassifier(
            hidden_layer_sizes=(64, 32),
            alpha=1e-4,
            batch_size=200,
            learning_rate_init=1e-3,
            max_iter=200,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=10,
            random_state=seed,
        )
    raise SystemExit(f"unknown model {name}")


def main():
    from sklearn import __version__ as sklearn_version
    from sklearn.metrics import roc_auc_score

    data_dir = sys.argv[1]
    folds = int(sys.argv[2])
    models = sys.argv[3].split(",")
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    out = {"sklearn": sklearn_version, "models": {m: {"auc": [], "fitSeconds": []} for m in models}}
    for k in range(folds):
        X, y, fold = load_fold(os.path.join(data_dir, f"fold-{k}"))
        train = fold != k
        valid = fold == k
        for name in models:
            model = make_model(name, seed)
            started = time.perf_counter()
            model.fit(X[train], y[train])
            out["models"][name]["fitSeconds"].append(time.perf_counter() - started)
            p = model.predict_proba(X[valid])[:, 1]
            out["models"][name]["auc"].append(float(roc_auc_score(y[valid], p)))
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
