/**
 * The app store: one zustand store combined from slices (zustand's slices pattern). Each slice
 * keeps its actions next to its state. Voxel buffers and similarity matrices stay out of it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createServices, type AppServices } from '../services';
import { useStore } from 'zustand';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice';
import { createJobsSlice, type JobsSlice } from './jobsSlice';
import { createOverridesSlice, type OverridesSlice } from './overridesSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';
import { createVolumesSlice, type VolumesSlice } from './volumesSlice';

export type AppState = VolumesSlice & ViewSlice & AnalysisSlice & OverridesSlice & JobsSlice & {
  /** This store's services (../services.ts): a stable handle, not state. */
  readonly services: AppServices;
};

/** A fresh store with its own services (tests make their own and may pass a fake compute). */
export function createAppStore(services: AppServices = createServices()): StoreApi<AppState> {
  return createStore<AppState>()((...a) => ({
    services,
    ...createVolumesSlice(...a),
    ...createViewSlice(...a),
    ...createAnalysisSlice(...a),
    ...createOverridesSlice(...a),
    ...createJobsSlice(...a),
  }));
}

export const appStore = createAppStore();

/** React hook over the app store with a selector. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
