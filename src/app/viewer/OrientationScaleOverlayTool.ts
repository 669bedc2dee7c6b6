/**
 * A display-only Cornerstone tool: orientation markers at the image's edges (when the volume's
 * orientation is known: DICOM ImageOrientationPatient) and a scale bar that follows zoom (measured
 * through worldToCanvas of two points a known number of mm apart along the row).
 */
import type { Types } from '@cornerstonejs/core';
import { AnnotationDisplayTool, drawing, type Types as ToolTypes } from '@cornerstonejs/tools';
import { getVolume, hasVolume } from '../volumes/registry';
import { parseSliceImageId } from './imageIds';
import { edgeMarkers, scaleBar } from './orientationScale';

const UID = 'ctsieve-orientation-scale';
const COLOR = 'rgb(255, 220, 120)';
const TEXT = { color: COLOR, fontSize: '15px', background: 'rgba(0, 0, 0, 0.45)' };

export class OrientationScaleOverlayTool extends AnnotationDisplayTool {
  static override toolName = 'CtsieveOrientationScale';

  renderAnnotation = (enabledElement: Types.IEnabledElement, svg: ToolTypes.SVGDrawingHelper): boolean => {
    const viewport = enabledElement.viewport as Types.IStackViewport;
    const parsed = parseSliceImageId(viewport.getCurrentImageId?.() ?? '');
    if (!parsed || !hasVolume(parsed.volumeId)) return false;
    const volume = getVolume(parsed.volumeId);
    const { clientWidth: width, clientHeight: height } = viewport.canvas;
    // drawTextBox puts its text ~25 px right of and ~30 px below the point given (its padding and
    // line box): the right and bottom boxes are placed that much further in.
    if (volume.orientation) {
      const m = edgeMarkers(volume.orientation);
      drawing.drawTextBox(svg, UID, 'top', [m.top], [width / 2 - 30, -22], TEXT);
      drawing.drawTextBox(svg, UID, 'bottom', [m.bottom], [width / 2 - 30, height - 84], TEXT);
      drawing.drawTextBox(svg, UID, 'left', [m.left], [-16, height / 2 - 40], TEXT);
      drawing.drawTextBox(svg, UID, 'right', [m.right], [width - 64, height / 2 - 40], TEXT);
    }
    // Pixels per mm on screen now: the canvas distance of two world points `volume.spacing[0] * 10` mm apart along x.
    const span = volume.spacing[0] * 10;
    const a = viewport.worldToCanvas([0, 0, 0]);
    const b = viewport.worldToCanvas([span, 0, 0]);
    const bar = scaleBar(Math.hypot(b[0] - a[0], b[1] - a[1]) / span, width / 4);
    if (!bar) return true;
    const y = height - 14;
    const x0 = width - 16 - bar.px;
    drawing.drawLine(svg, UID, 'scale', [x0, y], [width - 16, y], { color: COLOR, width: 3 });
    drawing.drawTextBox(svg, UID, 'scale-label', [bar.label], [x0 - 24, y - 66], TEXT);
    return true;
  };
}
