"""Golden test folds of scikit-learn's StratifiedGroupKFold(k, shuffle=False) on small random grouped,
labelled cases, for src/core/eval/folds.metrics.test.ts (ctsieve's stratifiedGroupKFold must give every
sample the same test fold). Made by scikit-learn only, never by ctsieve:
    /usr/bin/python3 scripts/eval/golden_stratified_group_kfold.py      (Debian python3-sklearn 1.2.1)
writes tests/fixtures/eval/stratified_group_kfold.json.
Cases vary k (2..5), the class count (2..3), group sizes (1..7), groups mixing classes (20% of
samples), group names not in order of appearance (sklearn numbers groups by sorted name) and, in
half the cases, samples of one group scattered through the data instead of contiguous."""
import json, os, sys, warnings
import numpy as np, sklearn
from sklearn.model_selection import StratifiedGroupKFold

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'eval', 'stratified_group_kfold.json')
SEED, CASES = 5, 12
# Small cases: a class may have fewer groups than folds; sklearn warns and assigns anyway.
warnings.filterwarnings('ignore', message='The least populated class')

rng = np.random.default_rng(SEED)
cases = []
for n in range(CASES):
    k = [5, 5, 3, 4, 2, 5][n % 6]
    n_classes = int(rng.integers(2, 4))
    n_groups = int(rng.integers(max(k, 6), 20))
    names = ['p%03d' % v for v in rng.permutation(1000)[:n_groups]]
    groups, y = [], []
    for g in range(n_groups):
        c = int(rng.integers(0, n_classes))
        for _ in range(int(rng.integers(1, 8))):
            groups.append(names[g])
            y.append(c if rng.random() < 0.8 else int(rng.integers(0, n_classes)))
    if n % 2 == 1:
        order = rng.permutation(len(y))
        groups, y = [groups[i] for i in order], [y[i] for i in order]
    folds = [-1] * len(y)
    for f, (_, test) in enumerate(StratifiedGroupKFold(k).split(np.zeros(len(y)), y, groups)):
        for i in test:
            folds[i] = f
    assert min(folds) == 0
    cases.append({'nSplits': k, 'labels': y, 'groups': groups, 'testFoldOfSample': folds})

with open(OUT if len(sys.argv) < 2 else sys.argv[1], 'w') as fh:
    json.dump({'generator': 'scripts/eval/golden_stratified_group_kfold.py', 'sklearn': sklearn.__version__,
               'numpy': np.__version__, 'seed': SEED, 'cases': cases}, fh, separators=(',', ':'))
    fh.write('\n')
