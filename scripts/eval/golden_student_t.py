"""Golden Student-t quantiles and paired-t 95% intervals from SciPy, for src/core/eval/paired.test.ts
(ctsieve's studentTQuantile and pairedComparison must agree). Made by SciPy only, never by ctsieve:
    /usr/bin/python3 scripts/eval/golden_student_t.py        (Debian python3-scipy 1.10.1)
writes tests/fixtures/eval/student_t.json.
SciPy 1.10's t.ppf is accurate to only ~2e-9 (relative) in places, so each quantile also carries `exact`: the
root of the CDF in 40-digit arithmetic (Debian python3-mpmath: I_x(ν/2, ½) by mpmath.betainc), started
from SciPy's value.
- quantiles: scipy.stats.t.ppf(p, df) over p in the tails and the middle, df 1..30, 40, 60, 120, 1000.
- cdf: scipy.stats.t.cdf(t, df) at a few points.
- paired: for seeded random metric pairs (a, b) of n = 2..10 seeds, d = b - a, mean(d), sd(d, ddof=1) and
  scipy.stats.t.interval(0.95, n - 1, loc=mean(d), scale=sd/sqrt(n)), plus ttest_rel's p-value."""
import json, os
import mpmath as mp, numpy as np, scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'eval', 'student_t.json')
PS = [0.0005, 0.01, 0.025, 0.1, 0.3, 0.5, 0.6, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999]
DFS = list(range(1, 31)) + [40, 60, 120, 1000]

mp.mp.dps = 40


def exact_ppf(p, df):
    """t with P(T <= t) = p: F(t) = 1 - I_{df/(df+t^2)}(df/2, 1/2)/2 for t >= 0, by symmetry below."""
    p, df = mp.mpf(p), mp.mpf(df)
    upper = lambda t: mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    q = 1 - p if p > 0.5 else p  # tail probability
    t = mp.findroot(lambda t: upper(t) - q, abs(mp.mpf(stats.t.ppf(float(p), float(df)))))
    return float(t if p > 0.5 else -t)


quantiles = [{'p': p, 'df': df, 't': float(stats.t.ppf(p, df)), 'exact': 0.0 if p == 0.5 else exact_ppf(p, df)} for df in DFS for p in PS]
cdf = [{'t': t, 'df': df, 'p': float(stats.t.cdf(t, df))} for df in [1, 2, 3, 5, 9, 29, 200] for t in [-7.5, -2.1, -0.3, 0.0, 0.8, 2.776, 12.0]]

rng = np.random.default_rng(20)
paired = []
for n in range(2, 11):
    a = 0.7 + 0.03 * rng.standard_normal(n)
    b = a + rng.normal(0.01 * (n % 3), 0.02, n)
    d = b - a
    m, sd = float(np.mean(d)), float(np.std(d, ddof=1))
    lo, hi = stats.t.interval(0.95, n - 1, loc=m, scale=sd / np.sqrt(n))
    paired.append({'a': a.tolist(), 'b': b.tolist(), 'meanDiff': m, 'sd': sd, 'ci95': [float(lo), float(hi)],
                   'pValue': float(stats.ttest_rel(b, a).pvalue)})

with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/eval/golden_student_t.py', 'scipy': scipy.__version__, 'mpmath': mp.__version__, 'numpy': np.__version__,
               'quantiles': quantiles, 'cdf': cdf, 'paired': paired}, f, indent=1)
print('wrote', OUT, len(quantiles), 'quantiles,', len(paired), 'paired cases')
