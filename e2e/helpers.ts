import { expect, type Page } from '@playwright/test';

/** Console errors and failed requests seen by a page, for asserting the app stayed healthy. */
export function watchPage(page: Page): { errors: string[]; foreignRequests: string[] } {
  const seen = { errors: [] as string[], foreignRequests: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) seen.foreignRequests.push(r.url());
  });
  return seen;
}

/** Opens the app and waits for the viewer's canvas and a loaded volume. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('viewer').locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('slice-index')).toBeVisible();
}

/** Statistics of the viewer's rendered pixels, read from a screenshot of the viewer element. */
export async function viewerPixelStats(page: Page, testId = 'viewer'): Promise<{ mean: number; std: number; nonBlack: number }> {
  const png = await page.getByTestId(testId).screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    let sum = 0; let sq = 0; let nonBlack = 0;
    const count = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += v; sq += v * v;
      if (v > 10) nonBlack++;
    }
    const mean = sum / count;
    return { mean, std: Math.sqrt(sq / count - mean * mean), nonBlack: nonBlack / count };
  }, png.toString('base64'));
}

/** Waits until the kept-count reads "K / N" with a number K, and returns [K, N]. */
export async function keptCount(page: Page): Promise<[number, number]> {
  const counter = page.getByTestId('kept-count');
  await expect(counter).toHaveText(/^\d+ \/ \d+$/);
  const [k, n] = (await counter.textContent())!.split('/').map((x) => Number(x.trim()));
  return [k, n];
}

/** Where specs write screenshots for people to look at (not test-results/, which runs clean). */
export function shotPath(name: string): string {
  return `${process.env.CTSIEVE_SHOTS ?? '/tmp/ctsieve-shots'}/${name}`;
}

/** The slice strip's marks, one per slice: 'kept', 'dropped' or 'unknown'. */
export async function stripMarks(page: Page): Promise<string[]> {
  const marks = (await page.getByTestId('slice-strip').getAttribute('data-marks')) ?? '';
  return marks.split('').map((m) => ({ k: 'kept', d: 'dropped', u: 'unknown' })[m] ?? m);
}

/** Clicks the strip at slice i's tick. */
export async function clickStrip(page: Page, slice: number): Promise<void> {
  const strip = page.getByTestId('slice-strip');
  const n = ((await strip.getAttribute('data-marks')) ?? '').length;
  const box = (await strip.boundingBox())!;
  await strip.click({ position: { x: box.width / 2, y: ((slice + 0.5) / n) * box.height } });
}
