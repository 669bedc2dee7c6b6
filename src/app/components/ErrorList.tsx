/**
 * User-caused problems (bad files, missing samples) and notices, each naming the file once;
 * dismiss one (×) or all. The list has a capped height and scrolls, so a pile of errors never
 * squeezes the viewer.
 */
import { appStore, useAppStore } from '../store';
import { errorRow } from './errorText';

export function ErrorList() {
  const errors = useAppStore((s) => s.errors);
  if (errors.length === 0) return null;
  const problems = errors.filter((e) => e.kind !== 'notice').length;
  return (
    <div className={`errors${problems === 0 ? ' notices-only' : ''}`} role={problems > 0 ? 'alert' : 'status'} data-testid="error-list">
      {errors.length > 1 && (
        <div className="errors-head">
          <span>{problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'}` : ''}{problems > 0 && errors.length > problems ? ', ' : ''}{errors.length > problems ? `${errors.length - problems} notice${errors.length - problems === 1 ? '' : 's'}` : ''}</span>
          <button data-testid="dismiss-all-errors" onClick={() => appStore.getState().dismissAllErrors()}>Dismiss all</button>
        </div>
      )}
      <div className="errors-rows">
        {errors.map((e) => {
          const row = errorRow(e.file, e.message);
          return (
            <div key={e.id} className={e.kind === 'notice' ? 'error notice' : 'error'} data-testid={e.kind === 'notice' ? 'load-notice' : 'load-error'}>
              <span>{row.file && <b>{row.file}</b>}{row.file && ': '}{row.message}</span>
              <button aria-label="dismiss" onClick={() => appStore.getState().dismissError(e.id)}>×</button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
