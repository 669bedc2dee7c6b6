/**
 * Reading a manifest back: JSON syntax, schema version, the JSON Schema (ajv), then the checks a
 * schema cannot express (slice indices, kept list consistent with the slices). Every problem is
 * reported as `<file>: <JSON path>: <problem>`.
 */
import Ajv, { type ErrorObject } from 'ajv';
import schema from './ctsieve-manifest-1.schema.json';
import { MANIFEST_SCHEMA, type Manifest, type ManifestVolume } from './types';

export interface ManifestProblem {
  /** JSON Pointer into the manifest, '' for the whole document. */
  path: string;
  message: string;
}

export class ManifestError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: ManifestProblem[],
  ) {
    const shown = problems.slice(0, 5).map((p) => `${p.path || '/'}: ${p.message}`);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    super(`${fileName}: ${shown.join('; ')}${more}`);
    this.name = 'ManifestError';
  }
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  return validator(data) ? [] : (validator.errors ?? []);
}

/** Parses and validates manifest JSON; throws ManifestError naming the file and each problem. */
export function parseManifest(text: string, fileName = 'manifest'): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(fileName, [{ path: '', message: `not valid JSON (${(e as Error).message})` }]);
  }
  return validateManifest(data, fileName);
}

/** Validates an already parsed manifest object. */
export function validateManifest(data: unknown, fileName = 'manifest'): Manifest {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ManifestError(fileName, [{ path: '', message: 'must be a JSON object' }]);
  const version = (data as { schema?: unknown }).schema;
  if (version === undefined) throw new ManifestError(fileName, [{ path: '/schema', message: `missing; not a ctsieve manifest (expected "${MANIFEST_SCHEMA}")` }]);
  if (version !== MANIFEST_SCHEMA) throw new ManifestError(fileName, [{ path: '/schema', message: `unsupported schema ${JSON.stringify(version)} (this ctsieve reads "${MANIFEST_SCHEMA}")` }]);
  const schemaProblems = validate(data).map(describeAjvError);
  if (schemaProblems.length) throw new ManifestError(fileName, schemaProblems);
  const manifest = data as Manifest;
  const problems = consistencyProblems(manifest);
  if (problems.length) throw new ManifestError(fileName, problems);
  return manifest;
}

function describeAjvError(e: ErrorObject): ManifestProblem {
  const p = e.params as Record<string, unknown>;
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') message = `unknown field "${String(p.additionalProperty)}"`;
  else if (e.keyword === 'required') message = `missing required field "${String(p.missingProperty)}"`;
  else if (e.keyword === 'enum') message = `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return { path: e.instancePath, message };
}

/** What the schema cannot say: slices[k].index == k, n == slices.length, kept == the kept slices. */
function consistencyProblems(m: Manifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const ids = new Set<string>();
  m.volumes.forEach((v, vi) => {
    const at = `/volumes/${vi}`;
    if (ids.has(v.id)) problems.push({ path: `${at}/id`, message: `volume id "${v.id}" appears twice` });
    ids.add(v.id);
    problems.push(...volumeProblems(v, at));
  });
  m.volumes.forEach((v, vi) =>
    v.slices.forEach((s, si) => {
      for (const key of ['nearestKeptVolume', 'removedByVolume'] as const) {
        const ref = s[key];
        if (ref !== undefined && !ids.has(ref)) problems.push({ path: `/volumes/${vi}/slices/${si}/${key}`, message: `names volume "${ref}", which is not in this manifest` });
      }
    }),
  );
  return problems;
}

function volumeProblems(v: ManifestVolume, at: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  if (v.slices.length !== v.n) problems.push({ path: `${at}/slices`, message: `has ${v.slices.length} entries but n is ${v.n}` });
  v.slices.forEach((s, k) => {
    if (s.index !== k) problems.push({ path: `${at}/slices/${k}/index`, message: `is ${s.index}, expected ${k} (slices are listed in slice order)` });
    for (const key of ['nearestKept', 'removedBy'] as const) {
      const ref = s[key];
      const inOther = key === 'nearestKept' ? s.nearestKeptVolume : s.removedByVolume;
      if (ref !== undefined && inOther === undefined && ref >= v.n) problems.push({ path: `${at}/slices/${k}/${key}`, message: `is ${ref}, outside 0..${v.n - 1}` });
    }
  });
  const expected = v.slices.filter((s) => s.kept).map((s) => s.index);
  if (expected.length !== v.kept.length || expected.some((k, i) => v.kept[i] !== k)) {
    problems.push({ path: `${at}/kept`, message: `does not match the slices marked kept (expected [${expected.join(', ')}])` });
  }
  return problems;
}
