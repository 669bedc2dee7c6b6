/**
 * `npm run bench [-- --quick] [-- area ...]`: runs bench/*.bench.ts, prints a table, and writes
 * bench/results/<area>.json (machine, Node version, date, rows). Each area runs in its own Node
 * process, so one area's backend state (tfjs, Node WebGPU) and memory peaks never leak into another.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './lib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const child = args.includes('--child');
const only = args.filter((a) => !a.startsWith('--'));

function formatMetrics(m: BenchRow['metrics']): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(4) : v}`)
    .join('  ');
}

/** Runs each selected area in a child process (`--child AREA`); fails if any area failed. */
function runAreas(areas: string[]): void {
  const failed = areas.filter((area) => {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...(quick ? ['--quick'] : []), area], { stdio: 'inherit' });
    return r.status !== 0;
  });
  if (failed.length) throw new Error(`benchmark areas failed: ${failed.join(', ')}`);
}

async function main(): Promise<void> {
  const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
  if (!child) return runAreas(files.map((f) => f.replace('.bench.ts', '')).filter((a) => !only.length || only.includes(a)));
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
  mkdirSync(join(here, 'results'), { recursive: true });
  for (const file of files) {
    const area = file.replace('.bench.ts', '');
    if (only.length && !only.includes(area)) continue;
    console.log(`\n## ${area}`);
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    const rows = await mod.run({ quick, log: (l) => console.log(`  ${l}`) });
    console.log('| name | impl | input | ms | metrics |');
    console.log('|---|---|---|---:|---|');
    for (const r of rows) console.log(`| ${r.name} | ${r.impl} | ${r.input} | ${r.ms.toFixed(1)} | ${formatMetrics(r.metrics)}${r.note ? ` (${r.note})` : ''} |`);
    const out = join(here, 'results', `${area}${quick ? '.quick' : ''}.json`);
    writeFileSync(out, JSON.stringify({ area, date: new Date().toISOString(), machine, quick, rows }, null, 2));
    console.log(`  → ${out}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
