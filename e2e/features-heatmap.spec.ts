import { expect, test, type Page } from '@playwright/test';
import { colorAt, luma } from '../src/app/features/heatmap/colorMap';
import { formatScore } from '../src/app/features/heatmap/scoreScale';
import { HEATMAP_N, syntheticDistance } from './harness/syntheticData';

const HARNESS = '/e2e/harness/features.html';

/** RGB of matrix cell (i, j) read back from the heatmap canvas inside `root`. */
async function cellRgb(page: Page, root: string, i: number, j: number): Promise<[number, number, number]> {
  return page.evaluate(
    ({ root, i, j }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`${root} [data-testid=heatmap-canvas]`)!;
      const d = canvas.getContext('2d')!.getImageData(j, i, 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    { root, i, j },
  );
}

/** Viewport point at the centre of cell (i, j) of the big heatmap. */
async function cellPoint(page: Page, i: number, j: number) {
  const box = (await page.getByTestId('heatmap-canvas').first().boundingBox())!;
  return { x: box.x + ((j + 0.5) / HEATMAP_N) * box.width, y: box.y + ((i + 0.5) / HEATMAP_N) * box.height };
}

const lastEvent = (page: Page, type: string) =>
  page.evaluate((type) => window.__harnessEvents.filter((e) => e.type === type).at(-1)?.args, type);

test.beforeEach(async ({ page }) => {
  // Count canvas writes, to check that hovering never repaints the matrix.
  await page.addInitScript(() => {
    const w = window as unknown as { __puts: number };
    w.__puts = 0;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof put>) {
      w.__puts++;
      return put.apply(this, args);
    } as typeof put;
  });
  await page.goto(HARNESS);
  await expect(page.getByTestId('heatmap-canvas').first()).toBeVisible();
});

test('draws the 600×600 matrix into one n×n canvas with many colours', async ({ page }) => {
  const info = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#heatmap-distance [data-testid=heatmap-canvas]')!;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    let opaque = 0;
    for (let p = 0; p < d.length; p += 4) {
      colours.add((d[p] << 16) | (d[p + 1] << 8) | d[p + 2]);
      if (d[p + 3] === 255) opaque++;
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, opaque, rendering: getComputedStyle(canvas).imageRendering };
  });
  expect(info.width).toBe(HEATMAP_N);
  expect(info.height).toBe(HEATMAP_N);
  expect(info.opaque).toBe(HEATMAP_N * HEATMAP_N);
  expect(info.colours).toBeGreaterThan(30);
  expect(info.rendering).toBe('pixelated');
});

test('alike pairs are bright and unlike pairs dark, the same colours for distances and similarities', async ({ page }) => {
  const alikeDistance = await cellRgb(page, '#heatmap-distance', 0, 1); // Hamming 0 = most alike
  const unlikeDistance = await cellRgb(page, '#heatmap-distance', 0, HEATMAP_N - 1); // Hamming 64
  expect(alikeDistance).toEqual(colorAt(1));
  expect(unlikeDistance).toEqual(colorAt(0));
  expect(luma(alikeDistance)).toBeGreaterThan(luma(unlikeDistance) + 100);
  // The SSIM heatmap (higher = alike) uses the same colour for its most alike pair.
  expect(await cellRgb(page, '#heatmap-similarity', 0, 1)).toEqual(alikeDistance);
  expect(await cellRgb(page, '#heatmap-similarity', 0, 49)).toEqual(unlikeDistance);
});

test('hover shows (i, j, score) from the matrix without repainting the canvas', async ({ page }) => {
  const putsBefore = await page.evaluate(() => (window as unknown as { __puts: number }).__puts);
  for (const [i, j] of [
    [123, 456],
    [5, 590],
    [300, 301],
  ]) {
    const p = await cellPoint(page, i, j);
    await page.mouse.move(p.x, p.y);
    const tip = page.getByTestId('heatmap-tooltip').first();
    await expect(tip).toContainText(`(${i}, ${j})`);
    await expect(tip).toContainText(`HASH ${formatScore(syntheticDistance(i, j), 'hash')}`);
    await expect(tip).toHaveAttribute('data-score', String(syntheticDistance(i, j)));
  }
  // Sweep the pointer across the matrix: only the tooltip changes.
  const start = await cellPoint(page, 0, 0);
  const end = await cellPoint(page, HEATMAP_N - 1, HEATMAP_N - 1);
  await page.mouse.move(start.x, start.y);
  await page.mouse.move(end.x, end.y, { steps: 60 });
  await expect(page.getByTestId('heatmap-tooltip').first()).toContainText(`(${HEATMAP_N - 1}, ${HEATMAP_N - 1})`);
  expect(await page.evaluate(() => (window as unknown as { __puts: number }).__puts)).toBe(putsBefore);
  await page.mouse.move(1, 1);
  await expect(page.getByTestId('heatmap-tooltip')).toHaveCount(0);
});

test('click calls onPick with the pair under the pointer', async ({ page }) => {
  for (const pair of [
    [42, 517],
    [599, 0],
    [300, 301],
    [301, 300],
  ]) {
    const p = await cellPoint(page, pair[0], pair[1]);
    await page.mouse.click(p.x, p.y);
    expect(await lastEvent(page, 'pick')).toEqual(pair);
  }
});

test('keyboard: arrows move the cursor, Enter picks the pair', async ({ page }) => {
  await page.getByTestId('heatmap').first().focus();
  await page.keyboard.press('Enter');
  expect(await lastEvent(page, 'pick')).toEqual([0, 0]);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('heatmap-tooltip').first()).toContainText('(2, 13)');
  await page.keyboard.press(' ');
  expect(await lastEvent(page, 'pick')).toEqual([2, 13]);
});

test('legend shows the score range in the method units and kept slices are marked', async ({ page }) => {
  const legend = page.getByTestId('heatmap-legend').first();
  await expect(legend).toContainText('Hamming distance');
  await expect(legend).toHaveAttribute('data-min', '0');
  await expect(legend).toHaveAttribute('data-max', '64');
  const strip = await page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#heatmap-distance [data-testid=heatmap-kept-top]')!;
    return { width: c.width, height: c.height };
  });
  expect(strip).toEqual({ width: HEATMAP_N, height: 1 });
});
