/**
 * Conformance with numpy and PyTorch (../shared/fixtures/reference/analysis/analysis.json, made by
 * golden_analysis.py): linear CKA on four cases (float64, 1e-9) and Grad-CAM of a small net for every
 * image and class (float32 against a float64 golden: logits and α within 1e-4 of their scale, the
 * scaled cams within 1e-4 absolute). Negative controls: a perturbed golden number must fail.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { linearCka } from './cka';
import { gradCam, gradCamTrunk, type GradCam } from './gradcam';
import { lastConvLayer } from './blocks';
import { goldenNet, loadAnalysisGolden, type GradCamGoldenCase } from './testing/analysisGolden';
import { maxAbsError, relativeError } from '../ssl/testing/golden';

const CKA_TOL = 1e-9;
const REL = 1e-4;
const CAM_ABS = 1e-4;

const golden = loadAnalysisGolden();

/** The largest miss of one Grad-CAM case, each part against its own tolerance (≤ 1 passes). */
function gradCamMiss(got: GradCam, want: GradCamGoldenCase): number {
  return Math.max(
    relativeError([got.logit], [want.logit]) / REL,
    relativeError(got.alpha, want.alpha) / REL,
    maxAbsError(got.camLowRes, want.camLowRes.flat()) / CAM_ABS,
    maxAbsError(got.cam, want.cam.flat()) / CAM_ABS,
  );
}

describe('linear CKA golden (numpy)', () => {
  it.each(golden.cka.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(Math.abs(linearCka(c.x, c.y) - c.cka)).toBeLessThan(CKA_TOL);
  });

  it('is symmetric and 1 for a representation with itself', () => {
    const c = golden.cka[1];
    expect(Math.abs(linearCka(c.x, c.y) - linearCka(c.y, c.x))).toBeLessThan(1e-12);
    expect(linearCka(c.x, c.x)).toBeCloseTo(1, 12);
  });

  it('fails on a wrong golden number (negative control)', () => {
    const c = loadAnalysisGolden().cka[1];
    c.cka += 1e-6;
    expect(Math.abs(linearCka(c.x, c.y) - c.cka)).toBeGreaterThan(CKA_TOL);
  });
});

describe('Grad-CAM golden (PyTorch, pytorch-grad-cam semantics)', () => {
  const { encoder, head } = goldenNet(golden);
  const trunk = gradCamTrunk(encoder);
  const size = golden.gradcam.images[0].length;
  const input = (i: number) => tf.tensor4d(golden.gradcam.images[i].flat(), [1, size, size, 1]);
  afterAll(() => encoder.dispose());

  it("targets the last conv block (the golden's 'relu after bn2')", () => {
    expect(lastConvLayer(encoder)).toBe('relu2');
  });

  it.each(golden.gradcam.cases.map((c) => [c.image, c.class, c] as const))('image %i, class %i', async (i, cls, want) => {
    const x = input(i);
    const before = tf.memory().numTensors;
    const got = await gradCam(trunk, head, x, cls);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    expect(got.h * got.w).toBe(want.camLowRes.flat().length);
    expect(gradCamMiss(got, want)).toBeLessThanOrEqual(1);
  });

  it('fails on a wrong golden number (negative control)', async () => {
    const want = structuredClone(golden.gradcam.cases[0]);
    want.cam[3][5] += 1e-3;
    const x = input(want.image);
    const got = await gradCam(trunk, head, x, want.class);
    x.dispose();
    expect(gradCamMiss(got, want)).toBeGreaterThan(1);
  });
});
