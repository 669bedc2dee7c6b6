"""Random grouped, labelled cases with scikit-learn's StratifiedGroupKFold(5, shuffle=False) test folds,
for check-group-kfold.ts (ctsieve's stratifiedGroupKFold must agree on every sample).
Usage: /usr/bin/python3 scripts/eval/group_kfold_cases.py OUT.json [SEED]   (Debian python3-sklearn 1.2.1)"""
import json, sys
import numpy as np, sklearn
from sklearn.model_selection import StratifiedGroupKFold

rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
cases = []
for _ in range(20):
    groups, y = [], []
    for g in range(rng.integers(6, 30)):
        c = rng.integers(0, 3)
        for _ in range(rng.integers(1, 8)):
            groups.append('g%02d' % g)
            y.append(int(c if rng.random() < 0.8 else rng.integers(0, 3)))
    folds = [-1] * len(y)
    for f, (_, test) in enumerate(StratifiedGroupKFold(5).split(np.zeros(len(y)), y, groups)):
        for i in test: folds[i] = f
    cases.append({'labels': y, 'groups': groups, 'testFoldOfSample': folds})
json.dump({'sklearn': sklearn.__version__, 'cases': cases}, open(sys.argv[1], 'w'))
