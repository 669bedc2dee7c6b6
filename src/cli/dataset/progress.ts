/** Progress lines (at most one every 2 s, with an ETA by input bytes) and the summary of a shard. */
import type { Shard } from '../../core/dataset';
import { etaMs } from '../../core/runtime/progress';
import type { JobOutcome } from './job';

export function printOutcome(o: JobOutcome): void {
  if (o.status === 'failed' && !o.diskFull) process.stderr.write(`ctsieve: FAILED ${o.key}: ${o.message}\n`);
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

export function progressLine(what: string, total: number, totalBytes: number): (o: JobOutcome) => void {
  const start = Date.now();
  let last = 0;
  let done = 0;
  let bytes = 0;
  let slices = 0;
  let skipped = 0;
  let failed = 0;
  return (o) => {
    done++;
    bytes += o.bytes;
    slices += o.n ?? 0;
    if (o.status === 'skipped') skipped++;
    if (o.status === 'failed') failed++;
    const now = Date.now();
    if (done === total || now - last < 2000) return;
    last = now;
    // Input bytes track decode work, volume counts track per-volume costs: the ETA averages both.
    const fraction = (bytes / Math.max(totalBytes, 1) + done / total) / 2;
    const left = etaMs(fraction, 1, now - start);
    const rate = slices / Math.max((now - start) / 1000, 1e-3);
    process.stderr.write(`ctsieve: ${what}: ${done}/${total} volumes (${skipped} skipped, ${failed} failed), ${fmt(slices)} slices, ${fmt(rate)} slices/s, ${duration(now - start)}${left === undefined ? '' : `, ETA ${duration(left)}`}\n`);
  };
}

export interface ShardSummary {
  shard: string;
  volumes: number;
  reduced: number;
  skipped: number;
  failed: { key: string; message: string }[];
  slices: number;
  kept: number;
  seconds: number;
  slicesPerSecond: number;
  workers: number;
  text: string;
}

export function summaryOf(shard: Shard, outcomes: JobOutcome[], seconds: number, workers: number): ShardSummary {
  const count = (s: JobOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  const slices = outcomes.reduce((s, o) => s + (o.n ?? 0), 0);
  const kept = outcomes.reduce((s, o) => s + (o.kept ?? 0), 0);
  const failed = outcomes.filter((o) => o.status === 'failed').map((o) => ({ key: o.key, message: o.message ?? '' }));
  const label = `${shard.index}/${shard.count}`;
  const pct = slices ? ((100 * kept) / slices).toFixed(1) : '0';
  const text = [
    `ctsieve: dataset reduce shard ${label} done: ${outcomes.length} volume(s) — ${count('reduced')} reduced, ${count('skipped')} already done, ${failed.length} failed;`,
    `${fmt(slices)} slices, kept ${fmt(kept)} (${pct}%), ${seconds.toFixed(1)} s, ${fmt(slices / Math.max(seconds, 1e-3))} slices/s`,
    ...(failed.length ? [`\nctsieve: ${failed.length} volume(s) failed (named above); \`dataset merge\` refuses the set until they have results`] : []),
  ].join(' ');
  return { shard: label, volumes: outcomes.length, reduced: count('reduced'), skipped: count('skipped'), failed, slices, kept, seconds, slicesPerSecond: slices / Math.max(seconds, 1e-3), workers, text };
}
