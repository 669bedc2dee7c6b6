/**
 * Colour → grey equal to Pillow's Image.open(f).convert('L') on every pixel (tests/fixtures/eval/
 * pillow_grey.json, read through the fixture helper; made by scripts/eval/golden_pillow_grey.py), and
 * broken files named.
 */
import { describe, expect, it } from 'vitest';
import { loadPillowGreyGolden } from '../testing/referenceFixture';
import { decodeGreyImage, lumaFromRgb } from './greyImage';

const golden = loadPillowGreyGolden();

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return 0;
  return a.findIndex((v, i) => v !== b[i]);
}

describe("decodeGreyImage equals Pillow's convert('L')", () => {
  it('covers PNG RGB, RGBA, palette, grey+alpha, 4-bit grey, 16-bit RGB and JPEG colour (baseline, progressive, 4:2:0) and grey', () => {
    expect(golden.cases.map((c) => c.mode).sort()).toEqual(['L', 'L', 'LA', 'P', 'RGB', 'RGB', 'RGB', 'RGB', 'RGB', 'RGBA']);
  });

  golden.cases.forEach((c) => {
    it(`${c.name} (${c.mode}, ${c.rows}×${c.cols}): every pixel`, async () => {
      const img = await decodeGreyImage(c.file, c.name);
      expect([img.rows, img.cols]).toEqual([c.rows, c.cols]);
      expect(img.colour).toBe(['RGB', 'RGBA', 'P'].includes(c.mode));
      expect(firstDifference(img.pixels, c.grey)).toBe(-1);
    });
  });

  it('a wrong golden pixel fails the comparison; the rounded-thousandths luma is not Pillow 9.4 everywhere', async () => {
    const c = golden.cases.find((k) => k.name === 'rgb.png')!;
    const img = await decodeGreyImage(c.file, c.name);
    const wrong = c.grey.slice();
    wrong[wrong.length - 1] ^= 1;
    expect(firstDifference(img.pixels, wrong)).toBe(wrong.length - 1);
    // (299R + 587G + 114B + 500) / 1000 differs from the 16-bit fixed-point form on some colours.
    let differs = 0;
    for (let r = 0; r < 256; r += 3) for (let g = 0; g < 256; g += 5) for (let b = 0; b < 256; b += 7) {
      const thousandths = Math.floor((r * 299 + g * 587 + b * 114 + 500) / 1000);
      if (thousandths !== lumaFromRgb([r, g, b], 1, 3)[0]) differs++;
    }
    expect(differs).toBeGreaterThan(0);
    // R = G = B stays exactly itself.
    expect(Array.from(lumaFromRgb(Array.from({ length: 768 }, (_, i) => Math.floor(i / 3)), 256, 3))).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });
});

describe('broken images are named', () => {
  it('a truncated PNG, a truncated JPEG, a PNG that is not one, a 16-bit grey PNG', async () => {
    const png = golden.cases.find((k) => k.name === 'rgb.png')!.file;
    const jpg = golden.cases.find((k) => k.name === 'rgb_baseline.jpg')!.file;
    await expect(decodeGreyImage(png.subarray(0, 60), 'CT_COVID/a.png')).rejects.toThrow(/^CT_COVID\/a\.png: corrupt PNG/);
    await expect(decodeGreyImage(jpg.subarray(0, 200), 'CT_COVID/b.jpg')).rejects.toThrow(/^CT_COVID\/b\.jpg: corrupt JPEG/);
    await expect(decodeGreyImage(new TextEncoder().encode('hello world, not an image'), 'x/c.png')).rejects.toThrow(/^x\/c\.png: not a PNG file/);
    await expect(decodeGreyImage(new TextEncoder().encode('hello'), 'x/d.jpeg')).rejects.toThrow(/^x\/d\.jpeg: not a JPEG file/);
    const { encode } = await import('fast-png');
    const deep = encode({ width: 2, height: 2, data: new Uint16Array([0, 1000, 2000, 65535]), depth: 16, channels: 1 });
    await expect(decodeGreyImage(deep, 'x/e.png')).rejects.toThrow(/^x\/e\.png: 16-bit grey PNG/);
  });
});
