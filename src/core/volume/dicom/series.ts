/**
 * Grouping DICOM frames into series and putting each series in slice order.
 *
 * Order (DESIGN.md): ascending position along the slice normal n = rowDir × colDir, i.e.
 * ImagePositionPatient · n; when any frame lacks a position or orientation: ascending
 * InstanceNumber (then frame number); when InstanceNumbers are missing too: file name in natural
 * order. Spacing: x = PixelSpacing[1] (between columns), y = PixelSpacing[0] (between rows),
 * z = median |Δ(position · n)| between neighbours, else SpacingBetweenSlices, else SliceThickness,
 * else 1 mm. Gantry tilt (the step between slices is not parallel to n) is reported, not resampled.
 */
import type { SeriesSummary, SkippedFile } from '../input';
import { naturalCompare } from '../naturalSort';
import type { DicomFileInfo, Vec3 } from './parse';

/** One slice: a frame of a file. */
export interface FrameRef {
  info: DicomFileInfo;
  frame: number;
}

export interface OrderedSeries {
  summary: SeriesSummary;
  frames: FrameRef[];
  spacing: [number, number, number];
  warnings: string[];
}

const TILT_WARN_DEGREES = 0.5;

export function groupSeries(infos: DicomFileInfo[]): Map<string, FrameRef[]> {
  const groups = new Map<string, FrameRef[]>();
  for (const info of infos) {
    const key = info.seriesInstanceUID || '(no SeriesInstanceUID)';
    const list = groups.get(key) ?? [];
    for (let f = 0; f < info.frames; f++) list.push({ info, frame: f });
    groups.set(key, list);
  }
  return groups;
}

export function summarize(uid: string, frames: FrameRef[]): SeriesSummary {
  const first = frames[0].info;
  return { seriesInstanceUID: uid, slices: frames.length, modality: first.modality, rows: first.rows, cols: first.cols, description: first.seriesDescription };
}

/** Keeps frames of the most common rows×cols; the others are reported as skipped. */
export function dropOddSizes(frames: FrameRef[], skipped: SkippedFile[], warnings: string[]): FrameRef[] {
  const counts = new Map<string, number>();
  for (const r of frames) counts.set(`${r.info.rows}×${r.info.cols}`, (counts.get(`${r.info.rows}×${r.info.cols}`) ?? 0) + 1);
  if (counts.size <= 1) return frames;
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const kept = frames.filter((r) => `${r.info.rows}×${r.info.cols}` === common);
  const odd = new Set(frames.filter((r) => `${r.info.rows}×${r.info.cols}` !== common).map((r) => r.info));
  for (const info of odd) skipped.push({ path: info.path, reason: `${info.path}: slice size ${info.rows}×${info.cols} (rows×cols) differs from the series' ${common}; skipped` });
  warnings.push(`mixed slice sizes in one series: ${odd.size} file(s) of another size skipped`);
  return kept;
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3) => Math.sqrt(dot(a, a));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sorts the frames and derives spacing and warnings. */
export function orderSeries(uid: string, frames: FrameRef[]): OrderedSeries {
  const warnings: string[] = [];
  const first = frames[0].info;
  const iop = first.orientation;
  const normal = iop ? cross([iop[0], iop[1], iop[2]], [iop[3], iop[4], iop[5]]) : undefined;
  const havePositions = !!normal && frames.every((r) => r.info.positions[r.frame] && r.info.orientation);
  let z: number | undefined;
  let ordered: FrameRef[];
  if (havePositions) {
    const key = (r: FrameRef) => dot(r.info.positions[r.frame]!, normal!);
    ordered = [...frames].sort((a, b) => key(a) - key(b) || naturalCompare(a.info.path, b.info.path) || a.frame - b.frame);
    const steps = ordered.slice(1).map((r, i) => key(r) - key(ordered[i]));
    if (steps.length) z = median(steps.map(Math.abs));
    if (steps.some((s) => Math.abs(s) < 1e-4)) warnings.push('several slices share one position (duplicates or several acquisitions in one series)');
    if (z && steps.some((s) => Math.abs(s - z!) > 0.01 * z! + 1e-3)) warnings.push(`uneven slice spacing (steps ${Math.min(...steps).toFixed(3)}..${Math.max(...steps).toFixed(3)} mm); median ${z.toFixed(3)} mm used`);
    const tilt = tiltDegrees(ordered, normal!);
    if (tilt > TILT_WARN_DEGREES) warnings.push(`gantry tilt of about ${tilt.toFixed(1)}°: slices are sheared, not resampled; z spacing is measured along the slice normal`);
  } else {
    const allNumbered = frames.every((r) => r.info.instanceNumber !== undefined);
    warnings.push(`ImagePositionPatient/ImageOrientationPatient missing: slices ordered by ${allNumbered ? 'InstanceNumber' : 'file name'}`);
    ordered = [...frames].sort((a, b) => (allNumbered ? a.info.instanceNumber! - b.info.instanceNumber! : 0) || naturalCompare(a.info.path, b.info.path) || a.frame - b.frame);
  }
  z ||= first.spacingBetweenSlices || first.sliceThickness || 1;
  if (first.modality !== 'CT') warnings.push(`modality is ${first.modality}, not CT: values are not Hounsfield units (still usable)`);
  const ps = first.pixelSpacing;
  return { summary: summarize(uid, ordered), frames: ordered, spacing: [ps?.[1] ?? 1, ps?.[0] ?? 1, z], warnings };
}

/** Largest angle between a step from one slice to the next and the slice normal, in degrees. */
function tiltDegrees(ordered: FrameRef[], normal: Vec3): number {
  let worst = 0;
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1].info.positions[ordered[i - 1].frame]!;
    const b = ordered[i].info.positions[ordered[i].frame]!;
    const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const len = norm(d);
    if (len < 1e-6) continue;
    const cos = Math.min(1, Math.abs(dot(d, normal)) / (len * norm(normal)));
    worst = Math.max(worst, (Math.acos(cos) * 180) / Math.PI);
  }
  return worst;
}
