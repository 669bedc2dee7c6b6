/**
 * Round to the nearest integer, ties to even (IEEE 754 roundTiesToEven, numpy.rint, what OpenCV's
 * imwrite stores for float input). `Math.round` rounds ties up, which changes 0.5 → 1 and 2.5 → 3.
 *
 * Method: f = floor(y); the fraction y - f is exact in float64 for |y| < 2^52, so the tie test
 * `fraction === 0.5` is exact too.
 *
 * @example roundHalfToEven(0.5) === 0; roundHalfToEven(1.5) === 2; roundHalfToEven(2.5) === 2
 */
export function roundHalfToEven(y: number): number {
  const f = Math.floor(y);
  const fraction = y - f;
  if (fraction > 0.5) return f + 1;
  if (fraction < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}
