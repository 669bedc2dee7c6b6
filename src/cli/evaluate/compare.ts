/**
 * `ctsieve evaluate --compare a.json b.json … [--out table.json]`: reports of several encoders
 * (scratch, ALL-pretrained, reduced-pretrained …) in one table like the paper's. Markdown to
 * stdout; with --out the table as JSON and CSV beside it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { EvaluationReport } from '../../core/eval';
import { compareReports, comparisonToCsv, comparisonToMarkdown } from '../../core/eval/report';
import { CliError } from '../errors';

const C = 'evaluate --compare';

function parse(args: string[]): { files: string[]; out?: string } {
  const files: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--compare') continue;
    if (a === '--out' || a.startsWith('--out=')) {
      out = a === '--out' ? args[++i] : a.slice(6);
      if (!out) throw new CliError(`${C}: --out needs a value`);
    } else if (a.startsWith('--')) throw new CliError(`${C}: unknown option '${a}' (expected report files and --out)`);
    else files.push(a);
  }
  if (files.length === 0) throw new CliError(`${C}: give one or more report JSON files written by evaluate --out`);
  return { files, out };
}

async function readReport(file: string): Promise<EvaluationReport> {
  let r: EvaluationReport;
  try {
    r = JSON.parse(await readFile(file, 'utf8')) as EvaluationReport;
  } catch (e) {
    throw new CliError(`${C}: ${file}: not a readable report (${(e as Error).message})`);
  }
  if (!r.mean || !r.std || !r.encoder || !Array.isArray(r.runs)) throw new CliError(`${C}: ${file}: not an evaluate report (no mean, std, encoder or runs)`);
  return r;
}

export default async function compareCommand(args: string[]): Promise<number> {
  const { files, out } = parse(args);
  const reports: EvaluationReport[] = [];
  for (const f of files) {
    const r = await readReport(f);
    reports.push(r);
    const baseline = (r as EvaluationReport & { baseline?: EvaluationReport }).baseline;
    if (baseline && !reports.some((x) => x.encoder.name === baseline.encoder.name)) reports.push(baseline);
  }
  const table = compareReports(reports);
  process.stdout.write(comparisonToMarkdown(table));
  if (out) {
    const csv = out.replace(/\.json$/i, '') + '.csv';
    await writeFile(out, `${JSON.stringify(table, null, 2)}\n`);
    await writeFile(csv, comparisonToCsv(table));
    process.stderr.write(`ctsieve: comparison → ${out}, ${csv}\n`);
  }
  return 0;
}
