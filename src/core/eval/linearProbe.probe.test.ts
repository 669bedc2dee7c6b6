/**
 * Conformance of the linear probe with scikit-learn 1.2.1 on probe/logreg.json (read through the
 * reference-fixture helper; passes on reference/ and reference-alt/): StandardScaler, then
 * LogisticRegression(C, lbfgs, L2; multinomial for 3 classes) per C, C chosen by validation AUC.
 * Tolerances (fixture README): probabilities 1e-6, AUCs 1e-9, the scaler exactly (same operations in the same order), coef and
 * intercept 1e-6 relative to the largest coefficient (measured: ≤ 3e-13; the solver follows scipy's path). The negative controls perturb one golden
 * number each and show that the same comparison then fails.
 */
import { describe, expect, it } from 'vitest';
import { loadProbeGolden, type ProbeGoldenCase } from '../testing/referenceFixture';
import { chooseC, PROBE_CS, probeProbabilities, trainLinearProbe, type LinearProbe } from './linearProbe';
import { minimizeLbfgs } from './probe/lbfgs';
import { rocAuc } from './metrics';

const golden = loadProbeGolden();

const TOL = { proba: 1e-6, auc: 1e-9, coefRel: 1e-6 };

/** Every disagreement between our probe on a case and the golden values, as readable strings. */
function mismatches(g: ProbeGoldenCase, p: LinearProbe): string[] {
  const out: string[] = [];
  const close = (what: string, a: number, b: number, tol: number) => {
    if (!(Math.abs(a - b) <= tol)) out.push(`${what}: ours ${a}, golden ${b} (|Δ| ${Math.abs(a - b)} > ${tol})`);
  };
  g.scalerMean.forEach((m, j) => close(`scaler mean[${j}]`, p.scaler.mean[j], m, 0));
  g.scalerStd.forEach((s, j) => close(`scaler std[${j}]`, p.scaler.scale[j], s, 0));
  g.perC.forEach((gc, i) => {
    const c = p.candidates[i];
    close(`C[${i}]`, c.C, gc.C, 0);
    const f = gc.coef[0].length;
    const big = Math.max(...gc.coef.flat().map(Math.abs), ...gc.intercept.map(Math.abs));
    gc.coef.forEach((row, k) => row.forEach((w, j) => close(`C ${gc.C} coef[${k}][${j}]`, c.model.coef[k * f + j], w, TOL.coefRel * big)));
    gc.intercept.forEach((b, k) => close(`C ${gc.C} intercept[${k}]`, c.model.intercept[k], b, TOL.coefRel * big));
    close(`C ${gc.C} valAuc`, c.valAuc, gc.valAuc, TOL.auc);
    const proba = probeProbabilities(p, g.test.x, c);
    gc.testProba.forEach((row, r) => row.forEach((q, k) => close(`C ${gc.C} testProba[${r}][${k}]`, proba[r][k], q, TOL.proba)));
    close(`C ${gc.C} testAuc`, rocAuc(g.test.y, proba), gc.testAuc, TOL.auc);
  });
  close('chosenC', p.chosen.C, g.chosenC, 0);
  return out;
}

const fit = (g: ProbeGoldenCase) => trainLinearProbe(g.train.x, g.train.y, g.val.x, g.val.y, { classes: g.classes });
const probes = new Map(golden.cases.map((g) => [g.name, fit(g)]));

describe('linear probe equals scikit-learn 1.2 (probe/logreg.json)', () => {
  it('the golden is scikit-learn 1.2 over the same C grid, with binary, multi-class and wide cases', () => {
    expect(golden.versions.sklearn).toMatch(/^1\.2\./);
    expect(golden.cs).toEqual([...PROBE_CS]);
    expect(golden.cases.map((c) => c.classes)).toContain(3);
    expect(golden.cases.some((c) => c.train.x[0].length > c.train.x.length)).toBe(true);
  });

  for (const g of golden.cases) {
    it(`${g.name} (${g.classes} classes, ${g.train.x.length} × ${g.train.x[0].length}): scaler, coef, intercept, probabilities, AUCs per C and the chosen C`, () => {
      expect(mismatches(g, probes.get(g.name)!)).toEqual([]);
    });
  }
});

describe('negative control: a wrong golden number fails the comparison', () => {
  const g = golden.cases[0];
  const p = () => probes.get(g.name)!;
  const perturbed = (edit: (c: ProbeGoldenCase) => void): ProbeGoldenCase => {
    const c = structuredClone(g);
    edit(c);
    return c;
  };
  it('a probability moved by 1e-5', () => {
    expect(mismatches(perturbed((c) => (c.perC[2].testProba[3][1] += 1e-5)), p())).toEqual([expect.stringMatching(/testProba\[3\]\[1\]/)]);
  });
  it('a validation AUC moved by 1e-8, a coefficient by 1e-3 relative, the chosen C, a scaler std by one part in 1e15', () => {
    expect(mismatches(perturbed((c) => (c.perC[1].valAuc += 1e-8)), p()).join()).toMatch(/valAuc/);
    expect(mismatches(perturbed((c) => (c.perC[4].coef[0][5] *= 1.001)), p()).join()).toMatch(/coef\[0\]\[5\]/);
    expect(mismatches(perturbed((c) => (c.chosenC = c.chosenC === 10 ? 1 : 10)), p()).join()).toMatch(/chosenC/);
    expect(mismatches(perturbed((c) => (c.scalerStd[2] *= 1 + 1e-15)), p()).join()).toMatch(/scaler std\[2\]/);
  });
});

describe('probe pieces', () => {
  it('chooseC: best validation AUC, ties to the smaller C; log-loss when an AUC is undefined', () => {
    expect(chooseC([0.7, 0.9, 0.9, 0.8].map((valAuc) => ({ valAuc, valLoss: 1 })))).toBe(1);
    expect(chooseC([{ valAuc: Number.NaN, valLoss: 0.9 }, { valAuc: Number.NaN, valLoss: 0.4 }, { valAuc: Number.NaN, valLoss: 0.4 }])).toBe(1);
  });
  it('lbfgs finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const r = minimizeLbfgs((x, g) => {
      g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
      g[1] = 200 * (x[1] - x[0] * x[0]);
      return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
    }, [-1.2, 1], { pgtol: 1e-10, ftol: 0 });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });
});
