/**
 * One-time Cornerstone3D setup (STYLE.md §4 order): init core and tools, register the `ctsieve:`
 * image loader and metadata provider, add the tools, create the rendering engine and tool group.
 * Viewports are enabled later by the viewer components and added to the tool group.
 */
import { init as initCore, imageLoader, metaData, RenderingEngine } from '@cornerstonejs/core';
import {
  addTool, Enums as ToolEnums, init as initTools, PanTool, ToolGroupManager, WindowLevelTool, ZoomTool,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { CTSIEVE_SCHEME } from './imageIds';
import { ctsieveImageLoader } from './imageLoader';
import { KeptDroppedOverlayTool } from './KeptDroppedOverlayTool';
import { OrientationScaleOverlayTool } from './OrientationScaleOverlayTool';
import { ctsieveMetadataProvider } from './metadataProvider';

export const RENDERING_ENGINE_ID = 'ctsieve-engine';
export const TOOL_GROUP_ID = 'ctsieve-tools';

export interface CornerstoneContext {
  engine: RenderingEngine;
  toolGroup: ToolTypes.IToolGroup;
}

let context: CornerstoneContext | null = null;

const { MouseBindings } = ToolEnums;

/** Initialises Cornerstone once and returns the shared engine and tool group. */
export function cornerstone(): CornerstoneContext {
  if (context) return context;
  initCore();
  initTools();
  imageLoader.registerImageLoader(CTSIEVE_SCHEME, ctsieveImageLoader);
  metaData.addProvider(ctsieveMetadataProvider, 10000);
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, KeptDroppedOverlayTool, OrientationScaleOverlayTool]) addTool(tool);
  const toolGroup = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!toolGroup) throw new Error('could not create the Cornerstone tool group');
  toolGroup.addTool(WindowLevelTool.toolName);
  toolGroup.addTool(PanTool.toolName);
  toolGroup.addTool(ZoomTool.toolName);
  toolGroup.addTool(KeptDroppedOverlayTool.toolName);
  toolGroup.addTool(OrientationScaleOverlayTool.toolName);
  // Left drag: window/level; middle drag: pan; right drag: zoom. The wheel scrolls slices (ViewerPane).
  toolGroup.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  toolGroup.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  toolGroup.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  toolGroup.setToolEnabled(KeptDroppedOverlayTool.toolName);
  toolGroup.setToolEnabled(OrientationScaleOverlayTool.toolName);
  context = { engine: new RenderingEngine(RENDERING_ENGINE_ID), toolGroup };
  return context;
}
