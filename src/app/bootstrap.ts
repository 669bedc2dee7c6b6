/**
 * Start-up: apply the URL view, load the requested (or default) sample, start the compute backend
 * for the badge, and keep the URL in step with the view so it can be shared.
 */
import { appStore } from './store';
import { applyUrlView, formatUrlView, parseUrlView } from './store/url';
import { DEFAULT_SAMPLE } from './loading/samples';
import { loadSample } from './loading/loadInputs';
import { probeBackend } from './compute/runCompute';
import { showCachedResults } from './analysis/cachedResults';
import { OverrideStore, persistOverrides } from './overrides/persistence';

const get = appStore.getState;
const loadedSamples = new Set<string>();
const URL_DEBOUNCE_MS = 200;

function syncUrl(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  appStore.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const s = get();
      const sample = s.activeVolumeId && loadedSamples.has(s.activeVolumeId) ? s.activeVolumeId : undefined;
      const next = formatUrlView(s, sample);
      if (next !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${next}`);
    }, URL_DEBOUNCE_MS);
  });
}

let started = false;

export function bootstrap(): void {
  if (started) return;
  started = true;
  const view = parseUrlView(window.location.search);
  applyUrlView(get(), view);
  if (view.badSample !== undefined) {
    // A path or other non-name is never opened; the default sample is not opened in its place either.
    get().reportErrors([{ file: `?sample=${view.badSample}`, message: 'unknown sample (sample names are letters, digits and dashes; see the Samples menu)' }]);
  } else {
    const sample = view.sample ?? DEFAULT_SAMPLE;
    void loadSample(get, sample).then((ids) => ids.forEach((id) => loadedSamples.add(id)));
  }
  void probeBackend(get);
  persistOverrides(appStore, new OverrideStore());
  showCachedResults(appStore, () => get().services.compute.cache);
  syncUrl();
}

/** Loads a sample chosen in the UI and remembers it is a sample (for the URL). */
export async function openSample(name: string): Promise<void> {
  const ids = await loadSample(get, name);
  ids.forEach((id) => loadedSamples.add(id));
}
