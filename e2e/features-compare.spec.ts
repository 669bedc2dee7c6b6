import { expect, test } from '@playwright/test';
import { COMPARE_N, COMPARE_SETS } from './harness/syntheticData';

const HARNESS = '/e2e/harness/features.html';

/** Independent Jaccard and overlap of two index lists (the spec's own arithmetic). */
function expected(a: number[], b: number[]) {
  const both = a.filter((k) => b.includes(k)).length;
  const union = new Set([...a, ...b]).size;
  return { jaccard: both / union, overlap: both / Math.min(a.length, b.length), both };
}

test.beforeEach(async ({ page }) => {
  await page.goto(HARNESS);
  await expect(page.getByTestId('method-comparison')).toBeVisible();
});

test('shows one strip per method with its kept count', async ({ page }) => {
  for (const [x, set] of COMPARE_SETS.entries()) {
    const row = page.getByTestId(`compare-strip-${x}`);
    await expect(row).toContainText(set.label);
    await expect(row).toContainText(`${set.kept.length}/${COMPARE_N}`);
  }
  // Agreement row: slices kept by every method.
  const all = COMPARE_SETS[0].kept.filter((k) => COMPARE_SETS.every((s) => s.kept.includes(k))).length;
  await expect(page.getByTestId('compare-agreement')).toHaveAttribute('data-kept-count', String(all));
});

test('Jaccard and overlap table matches the known kept sets', async ({ page }) => {
  for (let x = 0; x < COMPARE_SETS.length; x++) {
    for (let y = x + 1; y < COMPARE_SETS.length; y++) {
      const want = expected(COMPARE_SETS[x].kept, COMPARE_SETS[y].kept);
      const jaccard = page.getByTestId(`jaccard-${x}-${y}`);
      await expect(jaccard).toHaveText(want.jaccard.toFixed(3));
      expect(Number(await jaccard.getAttribute('data-value'))).toBeCloseTo(want.jaccard, 12);
      expect(Number(await page.getByTestId(`overlap-${x}-${y}`).getAttribute('data-value'))).toBeCloseTo(want.overlap, 12);
      await expect(page.getByTestId(`compare-pair-${x}-${y}`)).toContainText(String(want.both));
    }
  }
});

test('hover says which methods keep a slice; click and arrows jump to a slice', async ({ page }) => {
  await page.getByTestId('method-comparison').scrollIntoViewIfNeeded();
  const strip = (await page.locator('[data-testid=compare-strip-0] svg').boundingBox())!;
  const xOf = (k: number) => strip.x + ((k + 0.5) / COMPARE_N) * strip.width;
  await page.mouse.move(xOf(20), strip.y + strip.height / 2);
  const keepers = COMPARE_SETS.filter((s) => s.kept.includes(20)).map((s) => s.label);
  await expect(page.getByTestId('compare-status')).toHaveText(`slice 20: kept by ${keepers.join(', ')} (${keepers.length}/${COMPARE_SETS.length})`);
  await page.mouse.click(xOf(33), strip.y + strip.height / 2);
  const lastJump = () => page.evaluate(() => window.__harnessEvents.filter((e) => e.type === 'jump').at(-1)?.args[0]);
  expect(await lastJump()).toBe(33);
  await page.locator('.ct-compare-strips').focus();
  await page.keyboard.press('ArrowRight');
  expect(await lastJump()).toBe(34);
  await page.keyboard.press('End');
  expect(await lastJump()).toBe(COMPARE_N - 1);
});
