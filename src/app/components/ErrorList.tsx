/** User-caused problems (bad files, missing samples), each naming the file; dismissable. */
import { appStore, useAppStore } from '../store';

export function ErrorList() {
  const errors = useAppStore((s) => s.errors);
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert" data-testid="error-list">
      {errors.map((e) => (
        <div key={e.id} className="error" data-testid="load-error">
          <b>{e.file}</b>: {e.message}
          <button aria-label="dismiss" onClick={() => appStore.getState().dismissError(e.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
