/**
 * <MethodComparison> — which slices each method keeps, where the methods agree, and how much
 * their kept sets overlap.
 *
 * Props
 * - n: number                              slices in the volume.
 * - results: {label, kept: Uint8Array}[]   one reduction per method (kept mask of length n,
 *                                          1 = kept); labels should be unique ("HASH T6").
 * - current?: number                       slice shown in the viewer, marked on every strip.
 * - onJump?(index)                         click on a strip, or ArrowLeft/ArrowRight/Home/End
 *                                          while the strips have focus: show that slice.
 *
 * Shows one kept/dropped strip per method (one tick per slice), an agreement row (how many
 * methods keep each slice, darker = fewer) and a table of Jaccard |A∩B|/|A∪B| and overlap
 * |A∩B|/min(|A|,|B|) for every pair of methods (computed by src/core/reduction/agreement.ts).
 */
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { cssColorAt } from '../heatmap/colorMap';
import { agreementCounts, masksToSets, pairAgreements, runsPath, sliceAt, type MethodKeptMask } from './keptSets';
import './compare.css';

export interface MethodComparisonProps {
  n: number;
  results: readonly MethodKeptMask[];
  current?: number;
  onJump?: (index: number) => void;
}

export function MethodComparison({ n, results, current, onJump }: MethodComparisonProps) {
  const sets = useMemo(() => masksToSets(results, n), [results, n]);
  const counts = useMemo(() => agreementCounts(sets, n), [sets, n]);
  const pairs = useMemo(() => pairAgreements(sets), [sets]);
  const [hover, setHover] = useState<number | null>(null);
  const focus = hover ?? current ?? null;

  const sliceFromPointer = (e: MouseEvent<HTMLElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return sliceAt(e.clientX - box.left, box.width, n);
  };
  // Pointer events carry sub-pixel positions (click events whole pixels): with hundreds of slices
  // a tick can be narrower than a pixel, so the slice is taken at pointerdown.
  const pressed = useRef<number | null>(null);
  const jumpOnClick = (e: MouseEvent<HTMLElement>) => {
    onJump?.(pressed.current ?? sliceFromPointer(e));
    pressed.current = null;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const here = current ?? 0;
    const next: Record<string, number> = { ArrowLeft: here - 1, ArrowRight: here + 1, Home: 0, End: n - 1, PageUp: here - 10, PageDown: here + 10 };
    if (!(e.key in next)) return;
    e.preventDefault();
    onJump?.(Math.min(n - 1, Math.max(0, next[e.key])));
  };

  return (
    <section className="ct-compare" data-testid="method-comparison">
      <div
        className="ct-compare-strips"
        tabIndex={0}
        role="slider"
        aria-label="Kept slices per method; arrow keys move the current slice"
        aria-valuemin={0}
        aria-valuemax={n - 1}
        aria-valuenow={current}
        onKeyDown={onKeyDown}
      >
        {sets.map((set, x) => (
          <StripRow key={set.name} label={set.name} detail={`${set.kept.length}/${n}`} testId={`compare-strip-${x}`} keptCount={set.kept.length} n={n}>
            <path className="ct-compare-kept" d={runsPath(set.kept)} />
          </StripRow>
        ))}
        <StripRow label="agreement" detail={`of ${sets.length}`} testId="compare-agreement" keptCount={counts.reduce((a, b) => a + (b === sets.length ? 1 : 0), 0)} n={n}>
          {agreementLevels(counts, sets.length).map(({ level, indices }) => (
            <path key={level} d={runsPath(indices)} style={{ fill: cssColorAt(sets.length ? level / sets.length : 0) }} />
          ))}
        </StripRow>
        {/* One transparent layer over all strips handles pointer input and draws the current slice. */}
        <div
          className="ct-compare-hit"
          onPointerMove={(e) => setHover(sliceFromPointer(e))}
          onPointerLeave={() => setHover(null)}
          onPointerDown={(e) => (pressed.current = sliceFromPointer(e))}
          onClick={jumpOnClick}
          data-testid="compare-hit"
        >
          {current !== undefined && <div className="ct-compare-current" style={{ left: `${((current + 0.5) / n) * 100}%` }} />}
          {hover !== null && <div className="ct-compare-hover" style={{ left: `${((hover + 0.5) / n) * 100}%` }} />}
        </div>
      </div>
      <p className="ct-compare-status" role="status" data-testid="compare-status">
        {focus !== null ? `slice ${focus}: kept by ${keptByLabels(results, focus)}` : 'hover a strip to see which methods keep a slice'}
      </p>
      <AgreementTable pairs={pairs} />
    </section>
  );
}

interface StripRowProps {
  label: string;
  detail: string;
  testId: string;
  keptCount: number;
  n: number;
  children: ReactNode;
}

/** One labelled strip: an SVG whose x axis is the slice index 0..n (stretched to the row width). */
function StripRow({ label, detail, testId, keptCount, n, children }: StripRowProps) {
  return (
    <div className="ct-compare-row" data-testid={testId} data-kept-count={keptCount}>
      <span className="ct-compare-label" title={label}>
        {label}
      </span>
      <span className="ct-compare-detail">{detail}</span>
      <svg className="ct-compare-strip" viewBox={`0 0 ${Math.max(1, n)} 1`} preserveAspectRatio="none" aria-hidden="true">
        {children}
      </svg>
    </div>
  );
}

function AgreementTable({ pairs }: { pairs: ReturnType<typeof pairAgreements> }) {
  if (!pairs.length) return null;
  return (
    <div className="ct-compare-table-wrap">
    <table className="ct-compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th scope="col">A</th>
          <th scope="col">B</th>
          <th scope="col" title="|A∩B| / |A∪B|">Jaccard</th>
          <th scope="col" title="|A∩B| / min(|A|, |B|)">overlap</th>
          <th scope="col">both</th>
          <th scope="col">A only</th>
          <th scope="col">B only</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => (
          <tr key={`${p.x}-${p.y}`} data-testid={`compare-pair-${p.x}-${p.y}`}>
            <td>{p.a}</td>
            <td>{p.b}</td>
            <td data-testid={`jaccard-${p.x}-${p.y}`} data-value={p.jaccard}>
              {p.jaccard.toFixed(3)}
            </td>
            <td data-testid={`overlap-${p.x}-${p.y}`} data-value={p.overlap}>
              {p.overlap.toFixed(3)}
            </td>
            <td>{p.intersection}</td>
            <td>{p.onlyA.length}</td>
            <td>{p.onlyB.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** Slices grouped by how many methods keep them (level 1..methods; level 0 stays background). */
function agreementLevels(counts: Uint8Array, methods: number): { level: number; indices: number[] }[] {
  const levels = Array.from({ length: methods }, (_, k) => ({ level: k + 1, indices: [] as number[] }));
  counts.forEach((c, k) => c > 0 && levels[c - 1].indices.push(k));
  return levels.filter((l) => l.indices.length);
}

/** "HASH T6, SSIM (2/3)": the methods whose mask keeps slice `index`. */
function keptByLabels(results: readonly MethodKeptMask[], index: number): string {
  const names = results.filter((r) => r.kept[index]).map((r) => r.label);
  return names.length ? `${names.join(', ')} (${names.length}/${results.length})` : `none (0/${results.length})`;
}
