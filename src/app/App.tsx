/** The explorer's layout: toolbar, controls, viewer with strip, feature panels, overlays. */
import { useEffect } from 'react';
import { bootstrap } from './bootstrap';
import { useKeyboardShortcuts } from './keyboard';
import { Toolbar } from './components/Toolbar';
import { ControlsPanel } from './components/ControlsPanel';
import { ErrorList } from './components/ErrorList';
import { HelpOverlay } from './components/HelpOverlay';
import { DropZone } from './components/DropZone';
import { ViewerPane } from './viewer/ViewerPane';
import { FeaturePanels } from './components/FeaturePanels';
import { ExperimentsPanel } from './features/experiments/ExperimentsPanel';
import { DatasetView } from './features/dataset/DatasetView';
import './styles.css';

export function App() {
  useEffect(bootstrap, []);
  useKeyboardShortcuts();
  return (
    <div className="app">
      <Toolbar />
      <ErrorList />
      <main className="layout">
        <ControlsPanel />
        <ViewerPane />
        <FeaturePanels />
        <DatasetView />
        <ExperimentsPanel />
      </main>
      <HelpOverlay />
      <DropZone />
    </div>
  );
}
