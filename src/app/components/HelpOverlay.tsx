/** The keyboard shortcut help overlay (toggle with ?). */
import { appStore, useAppStore } from '../store';
import { SHORTCUTS } from '../keyboard';

/** Keys handled outside the SHORTCUTS table (they carry a modifier). */
const MODIFIED = [['Ctrl+Z / ⌘Z', 'undo the last override change of this volume']];

const MOUSE = [
  ['wheel', 'scroll slices'],
  ['left drag', 'window / level'],
  ['middle drag', 'pan'],
  ['right drag', 'zoom'],
  ['click strip', 'jump to slice'],
];

export function HelpOverlay() {
  const open = useAppStore((s) => s.helpOpen);
  if (!open) return null;
  const rows = Object.values(SHORTCUTS).filter((s) => s.keys);
  return (
    <div className="modal-backdrop" onClick={() => appStore.getState().setHelpOpen(false)}>
      <div className="modal" role="dialog" aria-label="keyboard shortcuts" data-testid="help-overlay" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {rows.map((r) => <tr key={r.keys}><td><kbd>{r.keys}</kbd></td><td>{r.what}</td></tr>)}
            {MODIFIED.map(([k, w]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{w}</td></tr>)}
            {MOUSE.map(([k, w]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{w}</td></tr>)}
          </tbody>
        </table>
        <button onClick={() => appStore.getState().setHelpOpen(false)}>Close (Esc)</button>
      </div>
    </div>
  );
}
