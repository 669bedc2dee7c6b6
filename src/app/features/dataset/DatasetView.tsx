/**
 * The dataset view: one row per volume (slices, kept %, method), sortable by any column, with a
 * histogram of kept % over the volumes. Clicking a row opens that volume in the explorer with its
 * kept set (./openDataset.ts).
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { datasetTotals, nextOrder, rowHistogram, sortRows, type DatasetRow, type SortColumn } from './datasetModel';
import { useDatasetStore } from './datasetStore';
import { openRow } from './openDataset';
import './dataset.css';

const COLUMNS: { column: SortColumn; title: string }[] = [
  { column: 'key', title: 'Volume' },
  { column: 'slices', title: 'Slices' },
  { column: 'keptPercent', title: 'Kept %' },
  { column: 'method', title: 'Method' },
];

function KeptHistogram({ rows }: { rows: DatasetRow[] }) {
  const bins = useMemo(() => rowHistogram(rows), [rows]);
  const top = Math.max(1, ...bins);
  return (
    <figure className="dataset-histogram" data-testid="dataset-histogram" aria-label="histogram of kept % per volume">
      <svg viewBox="0 0 200 60" preserveAspectRatio="none" role="img">
        {bins.map((count, b) => (
          <rect key={b} x={b * 20 + 1} width={18} y={60 - (56 * count) / top} height={(56 * count) / top} data-count={count}>
            <title>{`${b * 10}–${b === 9 ? 100 : b * 10 + 10} % kept: ${count} volume(s)`}</title>
          </rect>
        ))}
      </svg>
      <figcaption>kept % per volume (0–100, bins of 10)</figcaption>
    </figure>
  );
}

function Row({ row }: { row: DatasetRow }) {
  const kept = row.keptPercent === undefined ? (row.status === 'computing' ? '…' : row.status === 'error' ? 'error' : '') : `${row.keptPercent.toFixed(1)} %`;
  return (
    <tr data-testid="dataset-row" data-key={row.key} className={`status-${row.status}`} title={row.message ?? `open ${row.key} in the explorer`} onClick={() => void openRow(row.key)}>
      {/* A DICOM series reads by its description and folder; its key (the 64-digit UID) shows on hover. */}
      <td title={row.key} data-testid="dataset-row-name">{row.title ?? row.key}</td>
      <td className="num">{row.slices ?? ''}</td>
      <td className="num">{kept}</td>
      <td>{row.method ?? ''}</td>
    </tr>
  );
}

/** Volumes, slices, kept and kept % over the whole set (slices and kept count the computed rows). */
function Totals({ rows }: { rows: DatasetRow[] }) {
  const t = datasetTotals(rows);
  const pending = t.computed < t.volumes ? ` (${t.computed} computed)` : '';
  return (
    <tfoot>
      <tr className="dataset-totals" data-testid="dataset-totals">
        <th scope="row">{t.volumes} volume{t.volumes === 1 ? '' : 's'}{pending}</th>
        <td className="num" data-testid="dataset-total-slices">{t.slices}</td>
        <td className="num" data-testid="dataset-total-kept">{t.keptPercent === undefined ? '' : `${t.kept} kept · ${t.keptPercent.toFixed(1)} %`}</td>
        <td />
      </tr>
    </tfoot>
  );
}

export function DatasetView() {
  const { visible, label, rows, order, status, show, setOrder } = useDatasetStore(useShallow((s) => ({
    visible: s.visible, label: s.label, rows: s.rows, order: s.order, status: s.status, show: s.show, setOrder: s.setOrder,
  })));
  const sorted = useMemo(() => sortRows(rows, order), [rows, order]);
  if (!visible) return null;
  return (
    <section className="dataset-view" data-testid="dataset-view" aria-label="dataset">
      <header>
        <h2>Dataset: {label}</h2>
        <span className="muted" data-testid="dataset-status">{status}</span>
        <span className="spacer" />
        <button data-testid="dataset-close" onClick={() => show(false)}>Back to the explorer</button>
      </header>
      <KeptHistogram rows={rows} />
      <table className="dataset-table">
        <thead>
          <tr>
            {COLUMNS.map(({ column, title }) => (
              <th key={column} className={column === 'slices' || column === 'keptPercent' ? 'num' : undefined} aria-sort={order.column === column ? (order.descending ? 'descending' : 'ascending') : 'none'}>
                <button data-testid={`dataset-sort-${column}`} onClick={() => setOrder(nextOrder(order, column))}>
                  {title}{order.column === column ? (order.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{sorted.map((r) => <Row key={r.key} row={r} />)}</tbody>
        <Totals rows={rows} />
      </table>
    </section>
  );
}
