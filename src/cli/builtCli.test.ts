/**
 * The `ctsieve` bin is built JavaScript (scripts/build-cli.mjs, esbuild): build it into
 * node_modules/ (so its external packages resolve) and run it with plain node, no TypeScript runner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePngDir, repoRoot } from '../core/testing/referenceFixture';
import { installNodeWebgpu } from '../core/backend/nodeWebgpu';

const outdir = join('node_modules', '.ctsieve-cli-test');
const bin = join(repoRoot, outdir, 'ctsieve.js');
const pngFolder = referencePngDir();

/** This process's environment before installNodeWebgpu() adds its Vulkan settings (the bin must find them itself). */
const startEnv = { ...process.env };

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...startEnv, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs', outdir], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`);
});
afterAll(() => rmSync(join(repoRoot, outdir), { recursive: true, force: true }));

describe('the built ctsieve bin', () => {
  it('is what package.json names, and prints the usage from the command table', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.ctsieve).toBe('dist-cli/ctsieve.js');
    expect(existsSync(bin)).toBe(true);
    const help = run('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ctsieve dataset merge ');
  });

  it('runs a command on real input and fails user errors with one line', () => {
    const r = run('reduce', pngFolder, '--method', 'hash', '--algorithm', 'leader', '--threshold', '6', '--backend', 'cpu');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema: 'ctsieve-manifest/1', method: 'hash', algorithm: 'leader', backend: 'cpu' });
    const bad = run('info', 'no/such/folder');
    expect([bad.code, bad.stderr]).toEqual([1, 'ctsieve: no/such/folder: no such file or folder\n']);
  });

  it('with --backend webgpu, writes only its own lines to stderr (no Vulkan driver warnings first)', async (ctx) => {
    const gpu = await installNodeWebgpu();
    if (!gpu.ok) ctx.skip(`no WebGPU here: ${gpu.detail}`);
    const r = run('similarity', pngFolder, '--method', 'hash', '--backend', 'webgpu', '--out', join(repoRoot, outdir, 'hash.json'));
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').every((l) => l.startsWith('ctsieve: '))).toBe(true);
    expect(JSON.parse(readFileSync(join(repoRoot, outdir, 'hash.json'), 'utf8'))).toMatchObject({ method: 'hash', n: 64, backend: 'webgpu' });
  });

  it('without a usable Vulkan driver, says so in one line of its own and uses the CPU', () => {
    // No Chromium SwiftShader to fall back on: only the system's drivers (here mesa 22.3's lavapipe, which Dawn refuses).
    const r = runWith({ CTSIEVE_CHROMIUM_DIR: '/nonexistent' }, 'similarity', pngFolder, '--method', 'hash', '--out', join(repoRoot, outdir, 'cpu.json'));
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.every((l) => l.startsWith('ctsieve: '))).toBe(true);
    const backend = (JSON.parse(readFileSync(join(repoRoot, outdir, 'cpu.json'), 'utf8')) as { backend: string }).backend;
    if (backend === 'cpu') expect(lines[0]).toMatch(/^ctsieve: WebGPU unavailable \(.*\); using the CPU$/);
  });
});
