/**
 * A Grad-CAM map over its slice in a Cornerstone stack viewport: the volume at that slice, and a
 * canvas above it where the cam (jet) is drawn into the image's rectangle on screen — found from
 * the image corners (imageToWorldCoords → worldToCanvas) after every render, so it follows zoom
 * and pan — at the slider's opacity.
 */
import { useEffect, useRef, useState } from 'react';
import { Enums, utilities, type Types } from '@cornerstonejs/core';
import { camRgba, type GradCamItem } from '../../../core/analysis';
import { cornerstone } from '../../viewer/cornerstoneSetup';
import { sliceImageId } from '../../viewer/imageIds';
import { StackView } from '../../viewer/StackView';
import { getVolume, hasVolume } from '../../volumes/registry';

const VIEWPORT_ID = 'ctsieve-analysis-cam';

function camBitmap(item: GradCamItem): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = item.size;
  c.height = item.size;
  c.getContext('2d')?.putImageData(new ImageData(camRgba(item.cam, item.size, 1) as Uint8ClampedArray<ArrayBuffer>, item.size, item.size), 0, 0);
  return c;
}

function drawOverlay(overlay: HTMLCanvasElement, bitmap: HTMLCanvasElement, imageId: string, rows: number, cols: number, opacity: number): void {
  const ctx = overlay.getContext('2d');
  if (!ctx) return;
  const parent = overlay.parentElement;
  overlay.width = parent?.clientWidth ?? 0;
  overlay.height = parent?.clientHeight ?? 0;
  ctx.clearRect(0, 0, overlay.width, overlay.height);
  let viewport: Types.IStackViewport;
  try {
    viewport = cornerstone().engine.getViewport(VIEWPORT_ID) as Types.IStackViewport;
  } catch {
    return;
  }
  const a = utilities.imageToWorldCoords(imageId, [0, 0]);
  const b = utilities.imageToWorldCoords(imageId, [cols, rows]);
  if (!viewport || !a || !b) return;
  const [x0, y0] = viewport.worldToCanvas(a);
  const [x1, y1] = viewport.worldToCanvas(b);
  ctx.globalAlpha = opacity;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(bitmap, x0, y0, x1 - x0, y1 - y0);
}

export function CamViewer({ item, volumeId, slice }: { item: GradCamItem; volumeId: string; slice: number }) {
  const [opacity, setOpacity] = useState(0.5);
  const box = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const loaded = hasVolume(volumeId);
  const volume = loaded ? getVolume(volumeId) : undefined;
  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>('[data-testid="analysis-cam-viewport"]');
    const canvas = overlay.current;
    if (!el || !canvas || !volume) return;
    const bitmap = camBitmap(item);
    const redraw = () => drawOverlay(canvas, bitmap, sliceImageId(volumeId, slice), volume.rows, volume.cols, opacity);
    el.addEventListener(Enums.Events.IMAGE_RENDERED, redraw);
    redraw();
    return () => el.removeEventListener(Enums.Events.IMAGE_RENDERED, redraw);
  }, [item, volume, volumeId, slice, opacity]);
  if (!volume) return <p className="muted">The volume of this slice is not loaded: open it to see the map in the viewer.</p>;
  return (
    <div className="an-viewer" data-testid="analysis-cam-viewer">
      <div className="an-viewer-box" ref={box}>
        <StackView viewportId={VIEWPORT_ID} volumeId={volumeId} slices={volume.slices} sliceIndex={slice} windowLevel={null} testId="analysis-cam-viewport" className="an-viewport" />
        <canvas ref={overlay} className="an-overlay" data-testid="analysis-cam-overlay" />
      </div>
      <label className="an-opacity">
        Grad-CAM opacity
        <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} data-testid="analysis-cam-opacity" />
        {Math.round(opacity * 100)} %
      </label>
      <p className="muted">{item.encoder} · slice {slice + 1} · true {item.label}, predicted {item.predicted}</p>
    </div>
  );
}
