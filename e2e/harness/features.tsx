/**
 * Test page for the explorer feature components (served by Vite in dev at
 * /e2e/harness/features.html). It mounts each component with synthetic data and records every
 * callback in `window.__harnessEvents` (and a visible log) so the Playwright specs can assert on
 * them. Not part of the app bundle.
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { greedyWalk, keptAtThreshold, reduce, reductionCurve } from '../../src/core/reduction';
import { buildManifest } from '../../src/core/manifest';
import { keptSlicesZip } from '../../src/core/export';
import type { GreedyWalk } from '../../src/core/reduction';
import { SimilarityHeatmap } from '../../src/app/features/heatmap/SimilarityHeatmap';
import { ReductionCurve } from '../../src/app/features/curve/ReductionCurve';
import { MethodComparison } from '../../src/app/features/compare/MethodComparison';
import { ExportMenu } from '../../src/app/features/export/ExportMenu';
import { buildMatrix, COMPARE_N, COMPARE_SETS, HARNESS_VOLUME, HEATMAP_N, maskOf, syntheticDistance, syntheticSimilarity } from './syntheticData';

export interface HarnessEvent {
  type: string;
  args: unknown[];
}

declare global {
  interface Window {
    __harnessEvents: HarnessEvent[];
  }
}

window.__harnessEvents = [];

function useEventLog() {
  const [log, setLog] = useState<HarnessEvent[]>([]);
  const record = (type: string) => (...args: unknown[]) => {
    const event = { type, args };
    window.__harnessEvents.push(event);
    setLog((l) => [...l.slice(-9), event]);
  };
  return { log, record };
}

const SMALL_N = 50;

/** The manifest the export menu offers: a HASH greedy reduction of the synthetic matrix at T. */
function harnessManifest(matrix: Float64Array, walk: GreedyWalk, threshold: number) {
  const params = { method: 'hash', algorithm: 'greedy', maxDistance: threshold } as const;
  const result = reduce({ n: HEATMAP_N, kind: 'distance', matrix }, params, { walk });
  return buildManifest({
    volumes: [{ meta: { id: HARNESS_VOLUME.id, name: HARNESS_VOLUME.name }, voxelSha256: HARNESS_VOLUME.voxelSha256, result }],
    params,
    backend: 'cpu',
    conversion: { kind: 'minmax' },
  });
}

/** Kept slices of the synthetic volume as PNGs: slice k is an 8×8 image of value k mod 256. */
function harnessZip(keptIndices: number[]): Uint8Array {
  const rows = 8;
  const cols = 8;
  const pixels = new Uint8Array(HEATMAP_N * rows * cols);
  for (let k = 0; k < HEATMAP_N; k++) pixels.fill(k % 256, k * rows * cols, (k + 1) * rows * cols);
  return keptSlicesZip({ n: HEATMAP_N, rows, cols, pixels }, { id: HARNESS_VOLUME.id, name: HARNESS_VOLUME.name, n: HEATMAP_N, kept: keptIndices });
}

function Harness() {
  const { log, record } = useEventLog();
  const distance = useMemo(() => buildMatrix(HEATMAP_N, syntheticDistance), []);
  const similarity = useMemo(() => buildMatrix(SMALL_N, (i, j) => syntheticSimilarity(i, j, SMALL_N)), []);
  const walk = useMemo(() => greedyWalk({ n: HEATMAP_N, kind: 'distance', matrix: distance }), [distance]);
  const curve = useMemo(() => reductionCurve(walk), [walk]);
  const [threshold, setThreshold] = useState(6);
  const kept = useMemo(() => maskOf(HEATMAP_N, keptAtThreshold(walk, threshold)), [walk, threshold]);
  const [slice, setSlice] = useState(10);
  const ssimCurve = useMemo(() => reductionCurve(greedyWalk({ n: SMALL_N, kind: 'similarity', matrix: similarity })), [similarity]);
  const manifest = useMemo(() => harnessManifest(distance, walk, threshold), [distance, walk, threshold]);
  const compareResults = useMemo(() => COMPARE_SETS.map(({ label, kept: k }) => ({ label, kept: maskOf(COMPARE_N, k) })), []);

  return (
    <div className="harness-grid">
      <div className="harness-card" id="heatmap-distance">
        <h2>heatmap · hash distance · n = {HEATMAP_N}</h2>
        <SimilarityHeatmap matrix={distance} n={HEATMAP_N} kind="distance" method="hash" kept={kept} onPick={record('pick')} size={560} />
      </div>
      <div>
        <div className="harness-card" id="heatmap-similarity">
          <h2>heatmap · ssim similarity · n = {SMALL_N}</h2>
          <SimilarityHeatmap matrix={similarity} n={SMALL_N} kind="similarity" method="ssim" onPick={record('pick-similarity')} size={200} />
        </div>
        <div className="harness-card" id="curve-hash">
          <h2>reduction curve · hash</h2>
          <ReductionCurve
            points={curve}
            current={threshold}
            kind="distance"
            method="hash"
            onPick={(t) => {
              record('threshold')(t);
              setThreshold(t);
            }}
          />
        </div>
        <div className="harness-card" id="curve-ssim">
          <h2>reduction curve · ssim</h2>
          <ReductionCurve points={ssimCurve} current={0.9} kind="similarity" method="ssim" />
        </div>
        <div className="harness-card" id="compare">
          <h2>method comparison · n = {COMPARE_N}</h2>
          <MethodComparison
            n={COMPARE_N}
            results={compareResults}
            current={slice}
            onJump={(k) => {
              record('jump')(k);
              setSlice(k);
            }}
          />
        </div>
        <div className="harness-card" id="export">
          <h2>export / import</h2>
          <ExportMenu
            manifest={manifest}
            loadedVolumes={[{ id: HARNESS_VOLUME.id, voxelSha256: HARNESS_VOLUME.voxelSha256, n: HEATMAP_N }]}
            onImport={(m, report) => record('import')(m.method, report.kept, report.apply?.matched.length ?? 0)}
            getKeptSliceZip={async () => harnessZip(manifest.volumes[0].kept)}
          />
        </div>
        <pre data-testid="events">{log.map((e) => `${e.type} ${JSON.stringify(e.args)}`).join('\n')}</pre>
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
