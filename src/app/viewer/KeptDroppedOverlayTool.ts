/**
 * A display-only Cornerstone tool that marks the shown slice as kept or dropped: a coloured frame
 * around the image and a text box with the status, the representative kept slice and the score.
 * It reads the overlay snapshot (./overlaySnapshot.ts) and has no interaction.
 */
import type { Types } from '@cornerstonejs/core';
import { AnnotationDisplayTool, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import { parseSliceImageId } from './imageIds';
import { getOverlaySnapshot, overlayLines } from './overlaySnapshot';

const COLORS = { kept: 'rgb(64, 200, 120)', dropped: 'rgb(235, 80, 80)', unknown: 'rgb(150, 150, 150)' } as const;
const ANNOTATION_UID = 'ctsieve-kept-dropped';

export class KeptDroppedOverlayTool extends AnnotationDisplayTool {
  static override toolName = 'CtsieveKeptDroppedOverlay';

  renderAnnotation = (enabledElement: Types.IEnabledElement, svgDrawingHelper: ToolTypes.SVGDrawingHelper): boolean => {
    const viewport = enabledElement.viewport as Types.IStackViewport;
    const parsed = parseSliceImageId(viewport.getCurrentImageId?.() ?? '');
    const snapshot = getOverlaySnapshot();
    if (!parsed || !snapshot || snapshot.volumeId !== parsed.volumeId) return false;
    const label = snapshot.labels[parsed.slice];
    const color = COLORS[label?.mark ?? 'unknown'];
    const { clientWidth: width, clientHeight: height } = viewport.canvas;
    drawing.drawRect(svgDrawingHelper, ANNOTATION_UID, 'frame', [2, 2], [width - 2, height - 2], {
      color, width: label?.overridden ? 6 : 3, lineDash: label?.overridden ? '8,4' : undefined,
    });
    drawing.drawTextBox(svgDrawingHelper, ANNOTATION_UID, 'status', overlayLines(label, snapshot.caption), [10, 10], {
      color, fontSize: '15px', background: 'rgba(0, 0, 0, 0.65)',
    });
    return true;
  };
}
