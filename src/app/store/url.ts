/**
 * The shareable view lives in the URL query: `?sample=head-ct&method=hash&t=6&slice=40`.
 * Parameters: sample, method (hash|ssim|nmi|deepnet|everyn|all), algo (greedy|leader),
 * t (threshold in the method's units), keep (keep-% mode, 0.1..100), slice (0-based),
 * wl (window "center,width"), backend (auto|webgpu|webgl|wasm|cpu: auto picks the fastest, a name
 * forces that backend). Unknown or malformed values are ignored.
 */
import type { BackendRequest } from '../../core/backend';
import type { AppState } from './index';
import { isUiMethod, type Algorithm } from './methods';

export interface UrlView {
  sample?: string;
  method?: AppState['method'];
  algorithm?: Algorithm;
  threshold?: number;
  keepPercent?: number;
  slice?: number;
  windowLevel?: { center: number; width: number };
  backend?: BackendRequest;
}

const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

function finite(text: string | null): number | undefined {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export function parseUrlView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const view: UrlView = {};
  const sample = q.get('sample');
  if (sample && /^[\w.-]+$/.test(sample)) view.sample = sample;
  const method = q.get('method');
  if (method && isUiMethod(method)) view.method = method;
  const algo = q.get('algo');
  if (algo === 'greedy' || algo === 'leader') view.algorithm = algo;
  view.threshold = finite(q.get('t'));
  view.keepPercent = finite(q.get('keep'));
  const slice = finite(q.get('slice'));
  if (slice !== undefined && slice >= 0) view.slice = Math.floor(slice);
  const wl = q.get('wl')?.split(',').map(Number);
  if (wl && wl.length === 2 && wl.every(Number.isFinite) && wl[1] > 0) view.windowLevel = { center: wl[0], width: wl[1] };
  const backend = q.get('backend');
  if (backend && (BACKEND_REQUESTS as readonly string[]).includes(backend)) view.backend = backend as BackendRequest;
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as UrlView;
}

/** Applies a parsed URL view to the store (before any volume is loaded). */
export function applyUrlView(state: AppState, view: UrlView): void {
  if (view.method) state.setMethod(view.method);
  if (view.algorithm) state.setAlgorithm(view.algorithm);
  if (view.threshold !== undefined) state.setThreshold(view.threshold);
  if (view.keepPercent !== undefined) {
    state.setKeepPercent(view.keepPercent);
    state.setThresholdMode('keepPercent');
  }
  if (view.slice !== undefined) state.setSlice(view.slice);
  if (view.windowLevel) state.setWindowLevel(view.windowLevel);
  if (view.backend) state.setBackendRequest(view.backend);
}

/** The query string for the current view (sample is kept from the page's own URL). */
export function formatUrlView(state: AppState, sample: string | undefined): string {
  const q = new URLSearchParams();
  if (sample) q.set('sample', sample);
  q.set('method', state.method);
  if (state.method === 'hash' && state.algorithm !== 'greedy') q.set('algo', state.algorithm);
  if (state.thresholdMode === 'keepPercent') q.set('keep', String(state.keepPercent));
  else if (state.method !== 'all') q.set('t', String(state.thresholds[state.method]));
  q.set('slice', String(state.sliceIndex));
  if (state.windowLevel) q.set('wl', `${state.windowLevel.center},${state.windowLevel.width}`);
  if (state.backendRequest !== 'auto') q.set('backend', state.backendRequest);
  return `?${q.toString()}`;
}
