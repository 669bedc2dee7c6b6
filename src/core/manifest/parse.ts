/**
 * Reading a manifest back: JSON syntax, schema version, the JSON Schema, then the checks a
 * schema cannot express (slice indices, kept list consistent with the slices). Every problem is
 * reported as `<file>: <JSON path>: <problem>`.
 *
 * The schema is checked with @cfworker/json-schema, an interpreting validator: code-generating
 * validators (Ajv) need `new Function`, which the app's Content-Security-Policy forbids.
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
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

let validator: Validator | undefined;

/** Keywords that only say "something inside me failed"; the leaf errors carry the detail. */
const WRAPPER_KEYWORDS = new Set(['properties', 'items', 'allOf', 'anyOf', 'oneOf', '$ref', 'if', 'then', 'else', 'false']);

/** Schema errors at the leaves (the validator also reports each enclosing object and array). */
function validate(data: unknown): OutputUnit[] {
  validator ??= new Validator(schema as Schema, '7', false);
  const { valid, errors } = validator.validate(data);
  if (valid) return [];
  const leaves = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
  return leaves.length ? leaves : errors;
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
  const schemaProblems = uniqueProblems(validate(data).map(describeSchemaError));
  if (schemaProblems.length) throw new ManifestError(fileName, schemaProblems);
  const manifest = data as Manifest;
  const problems = consistencyProblems(manifest);
  if (problems.length) throw new ManifestError(fileName, problems);
  return manifest;
}

/** '#/volumes/0/kept' → '/volumes/0/kept' (JSON Pointer, as in the rest of our messages). */
function pointer(instanceLocation: string): string {
  return instanceLocation.replace(/^#/, '');
}

/**
 * The schema value at a keywordLocation such as
 * '#/properties/volumes/items/$ref/properties/n/type' ('$ref' steps into the referenced definition).
 */
function schemaAt(keywordLocation: string, root: unknown = schema): unknown {
  let node: unknown = root;
  for (const raw of keywordLocation.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (key === '$ref' && typeof node === 'string') node = schemaAt(node, root);
  }
  return node;
}

function describeSchemaError(e: OutputUnit): ManifestProblem {
  const path = pointer(e.instanceLocation);
  const expected = schemaAt(e.keywordLocation);
  const quoted = (v: unknown) => JSON.stringify(v);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = /^Property "(.+)" does not match additional properties schema/.exec(e.error);
      return { path, message: extra ? `unknown field "${extra[1]}"` : e.error };
    }
    case 'required': {
      const missing = /required property "(.+)"/.exec(e.error);
      return { path, message: missing ? `missing required field "${missing[1]}"` : e.error };
    }
    case 'type':
      return { path, message: `must be ${[expected].flat().join(' or ')}` };
    case 'enum':
      return { path, message: `must be one of ${(Array.isArray(expected) ? expected : []).map(quoted).join(', ')}` };
    case 'const':
      return { path, message: `must be ${quoted(expected)}` };
    case 'pattern':
      return { path, message: `must match pattern "${String(expected)}"` };
    default:
      return { path, message: `${e.keyword} ${quoted(expected)}: ${e.error.replace(/^Instance /, 'value ')}` };
  }
}

function uniqueProblems(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
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
