import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain Node script (no type declarations); its exports are what is tested here
import { ensureBrowser, HOW_TO_GET_ONE, systemChromium } from './ensure-browser.mjs';

function fakes(present: string[], installWorks: boolean) {
  const files = new Set(present);
  const calls: string[] = [];
  return {
    calls,
    exists: (p: string) => files.has(p),
    playwrightPath: async () => '/pw/chrome',
    install: async () => {
      calls.push('install');
      if (installWorks) files.add('/pw/chrome');
      return installWorks;
    },
    log: (line: string) => calls.push(line),
  };
}

describe('browser set-up before the browser tests', () => {
  it('uses CHROMIUM_PATH, then the system Chromium, without installing anything', async () => {
    const f = fakes(['/opt/chrome', '/usr/bin/chromium'], false);
    expect(systemChromium({ CHROMIUM_PATH: '/opt/chrome' }, f.exists)).toBe('/opt/chrome');
    expect(await ensureBrowser({ ...f, env: {} })).toMatchObject({ ok: true, via: '/usr/bin/chromium' });
    expect(f.calls).toEqual([]);
  });
  it('uses Playwright\'s own Chromium when it is there', async () => {
    const f = fakes(['/pw/chrome'], false);
    expect(await ensureBrowser({ ...f, env: {} })).toMatchObject({ ok: true, via: 'playwright' });
  });
  it('with neither, installs Playwright\'s Chromium', async () => {
    const f = fakes([], true);
    expect(await ensureBrowser({ ...f, env: {} })).toMatchObject({ ok: true, via: 'playwright (installed now)' });
    expect(f.calls).toContain('install');
  });
  it('where the download fails, says in one line how to get one', async () => {
    const f = fakes(['/usr/bin/chromium'], false);
    const result = await ensureBrowser({ ...f, env: { CTSIEVE_NO_SYSTEM_CHROMIUM: '1' } });
    expect(result).toMatchObject({ ok: false, message: HOW_TO_GET_ONE });
    expect(f.calls.at(-1)).toBe(HOW_TO_GET_ONE);
    expect(HOW_TO_GET_ONE).not.toContain('\n');
    expect(HOW_TO_GET_ONE).toMatch(/apt-get install chromium/);
    expect(HOW_TO_GET_ONE).toMatch(/CHROMIUM_PATH/);
  });
});
