/**
 * One Cornerstone stack viewport showing a ctsieve volume. The store is the source of truth for the
 * slice and the window; this component pushes them into Cornerstone and reports window/level drags
 * back through `onWindowLevel`. Used for the main viewer and for the side-by-side comparison.
 */
import { useEffect, useRef } from 'react';
import { Enums, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import type { WindowLevel } from '../store/viewSlice';
import { cornerstone, RENDERING_ENGINE_ID } from './cornerstoneSetup';
import { stackImageIds } from './imageIds';
import { onOverlaySnapshot } from './overlaySnapshot';

export interface StackViewProps {
  viewportId: string;
  volumeId: string;
  slices: number;
  sliceIndex: number;
  windowLevel: WindowLevel | null;
  onWindowLevel?: (wl: WindowLevel) => void;
  testId?: string;
  className?: string;
}

type Task = (viewport: Types.IStackViewport) => Promise<unknown> | void;

/** Runs viewport tasks one after another, so a slice change never races the stack load. */
function useViewportQueue(viewportId: string, element: React.RefObject<HTMLDivElement | null>) {
  const viewport = useRef<Types.IStackViewport | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    const { engine, toolGroup } = cornerstone();
    const el = element.current;
    if (!el) return;
    engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element: el, defaultOptions: { background: [0, 0, 0] } });
    toolGroup.addViewport(viewportId, RENDERING_ENGINE_ID);
    viewport.current = engine.getViewport(viewportId) as Types.IStackViewport;
    const resize = new ResizeObserver(() => engine.resize(true, false));
    resize.observe(el);
    const stopOverlay = onOverlaySnapshot(() => toolUtilities.triggerAnnotationRenderForViewportIds([viewportId]));
    return () => {
      stopOverlay();
      resize.disconnect();
      viewport.current = null;
      toolGroup.removeViewports(RENDERING_ENGINE_ID, viewportId);
      engine.disableElement(viewportId);
    };
  }, [viewportId, element]);
  return (task: Task) => {
    queue.current = queue.current.then(() => (viewport.current ? task(viewport.current) : undefined)).catch((e: unknown) => {
      console.error(`viewer ${viewportId}:`, e);
    });
  };
}

function applyWindow(viewport: Types.IStackViewport, wl: WindowLevel | null): void {
  if (wl) viewport.setProperties({ voiRange: { lower: wl.center - wl.width / 2, upper: wl.center + wl.width / 2 } }, true);
  else viewport.resetProperties();
}

export function StackView(props: StackViewProps) {
  const { viewportId, volumeId, slices, sliceIndex, windowLevel, onWindowLevel } = props;
  const element = useRef<HTMLDivElement>(null);
  const run = useViewportQueue(viewportId, element);
  const latest = useRef({ sliceIndex, windowLevel });
  useEffect(() => {
    latest.current = { sliceIndex, windowLevel };
  });

  useEffect(() => {
    run(async (vp) => {
      await vp.setStack(stackImageIds(volumeId, slices), latest.current.sliceIndex);
      applyWindow(vp, latest.current.windowLevel);
      vp.render();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run is stable per viewport; reload on volume change only
  }, [volumeId, slices]);

  useEffect(() => {
    run(async (vp) => {
      if (vp.getCurrentImageIdIndex() !== sliceIndex) await vp.setImageIdIndex(sliceIndex);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sliceIndex]);

  useEffect(() => {
    run((vp) => {
      applyWindow(vp, windowLevel);
      vp.render();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [windowLevel?.center, windowLevel?.width]);

  // Only window changes the user drags count: Cornerstone also reports the default window it
  // applies when a stack loads, which must not overwrite the window asked for in the URL.
  useEffect(() => {
    const el = element.current;
    if (!el || !onWindowLevel) return;
    let dragging = false;
    const down = () => { dragging = true; };
    const up = () => { dragging = false; };
    const onVoi = (evt: Event) => {
      const range = (evt as CustomEvent<{ range?: { lower: number; upper: number } }>).detail?.range;
      if (dragging && range) onWindowLevel({ center: (range.lower + range.upper) / 2, width: range.upper - range.lower });
    };
    el.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
    el.addEventListener(Enums.Events.VOI_MODIFIED, onVoi);
    return () => {
      el.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      el.removeEventListener(Enums.Events.VOI_MODIFIED, onVoi);
    };
  }, [onWindowLevel]);

  return (
    <div
      ref={element}
      className={props.className}
      data-testid={props.testId}
      onContextMenu={(e) => e.preventDefault()}
    />
  );
}
