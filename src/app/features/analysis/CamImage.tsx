/** One Grad-CAM gallery tile: the slice with its cam over it (core camOverlayRgba) on a canvas. */
import { useEffect, useRef } from 'react';
import { camOverlayRgba, type GradCamItem } from '../../../core/analysis';
import type { AnalysisImage } from '../../../workers/analysis/analysisJob';

export function CamImage({ item, image, selected, onPick }: { item: GradCamItem; image: AnalysisImage; selected: boolean; onPick(): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = image.cols;
    c.height = image.rows;
    ctx.putImageData(new ImageData(camOverlayRgba(image.pixels, image.rows, image.cols, item.cam, item.size, 0.5) as Uint8ClampedArray<ArrayBuffer>, image.cols, image.rows), 0, 0);
  }, [item, image]);
  const wrong = item.predicted !== item.label;
  return (
    <figure className={`an-cam${selected ? ' on' : ''}`} data-testid="analysis-gradcam-tile">
      <button type="button" onClick={onPick} title={`${item.image}: true ${item.label}, predicted ${item.predicted}${image.volumeId ? ' — show in the viewer' : ''}`}>
        <canvas ref={canvas} />
      </button>
      <figcaption>{item.label}{wrong && <span className="an-wrong"> (predicted {item.predicted})</span>}</figcaption>
    </figure>
  );
}
