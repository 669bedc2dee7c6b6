/**
 * Asks before an imported manifest changes a reviewer's overrides: replace with the file's, merge
 * (the file's added, the reviewer's own kept where both differ), or keep the reviewer's. Undo
 * (Ctrl/Cmd+Z) takes any choice back.
 */
import type { PendingOverrideImport } from '../analysis/importManifest';
import type { OverrideImportChoice } from './importPlan';

export function OverrideImportDialog({ pending, onChoose }: { pending: PendingOverrideImport; onChoose: (choice: OverrideImportChoice) => void }) {
  const { plan, fileName, volumeName } = pending;
  const fileCount = plan.added + plan.same + plan.conflicting;
  return (
    <div className="modal-backdrop">
      <div className="modal override-import" role="alertdialog" aria-label="imported overrides" data-testid="override-import-dialog">
        <h2>Overrides for {volumeName}</h2>
        <p>
          <b>{fileName}</b> carries {fileCount} override{fileCount === 1 ? '' : 's'} for this volume; you already have
          your own. Replacing would drop {plan.onlyMine} of yours and change {plan.conflicting}.
        </p>
        <ul className="muted" data-testid="override-import-plan">
          <li>{plan.added} only in the file</li>
          <li>{plan.same} the same in both</li>
          <li>{plan.conflicting} set differently</li>
          <li>{plan.onlyMine} only yours</li>
        </ul>
        <div className="dialog-buttons">
          <button data-testid="override-import-merge" className="primary" autoFocus onClick={() => onChoose('merge')}>Merge (yours win on {plan.conflicting} conflict{plan.conflicting === 1 ? '' : 's'})</button>
          <button data-testid="override-import-replace" onClick={() => onChoose('replace')}>Replace with the file's</button>
          <button data-testid="override-import-keep" onClick={() => onChoose('keep')}>Keep mine</button>
        </div>
      </div>
    </div>
  );
}
