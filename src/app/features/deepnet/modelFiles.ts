/**
 * The user's DeepNet model as picked in the app: which files, which kind (TensorFlow.js model.json
 * + weight shards, or one .onnx file), its identity (sha256 of the bytes) and, for a layers model,
 * its layer names (read from model.json, which is cheap: no weights are touched). The model itself
 * is loaded in the compute worker; this module only checks what can be checked without tfjs, so a
 * wrong pick is reported at once with the file's name.
 */
import { sha256Hex } from '../../../core/volume/hash';
import type { ModelFile, UserModelOptions, UserModelRequest } from '../../../workers/similarityJob';

/** What the store keeps about the picked model (bytes stay in ./modelRegistry). */
export interface DeepnetModelSummary {
  kind: 'tfjs' | 'onnx';
  /** model.json's or the .onnx file's name. */
  name: string;
  files: string[];
  /** sha256 (hex) over the files' names and bytes, in name order. */
  sha256: string;
  /** Layer names of a Keras layers model; undefined for graph and ONNX models (free text then). */
  layerNames?: string[];
  options: UserModelOptions;
}

const SHORT_HASH = 16;

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** sha256 (hex) over each file's name and bytes, files in name order. */
export async function modelSha256(files: ModelFile[]): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    parts.push(encoder.encode(`${f.name}\n${f.bytes.byteLength}\n`), new Uint8Array(f.bytes));
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { joined.set(p, at); at += p.length; }
  return sha256Hex(joined);
}

interface ModelJson {
  modelTopology?: {
    node?: unknown;
    model_config?: { config?: { layers?: LayerJson[] } | LayerJson[] };
    config?: { layers?: LayerJson[] } | LayerJson[];
  };
  weightsManifest?: { paths?: string[] }[];
}
interface LayerJson { name?: string; config?: { name?: string } }

/** Layer names of a Keras layers model (functional or sequential); undefined for a graph model. */
export function layerNamesOf(json: ModelJson): string[] | undefined {
  const topology = json.modelTopology;
  if (!topology || Array.isArray(topology.node)) return undefined;
  const config = topology.model_config?.config ?? topology.config;
  const layers = Array.isArray(config) ? config : config?.layers;
  const names = layers?.map((l) => l.config?.name ?? l.name).filter((n): n is string => typeof n === 'string');
  return names && names.length > 0 ? names : undefined;
}

function parseModelJson(file: ModelFile): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (e) {
    throw new Error(`${file.name}: not a TensorFlow.js model.json (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) {
    throw new Error(`${file.name}: not a TensorFlow.js model.json (no modelTopology)`);
  }
  return json as ModelJson;
}

function checkShards(json: ModelJson, jsonFile: ModelFile, picked: ModelFile[]): void {
  const have = new Set(picked.map((f) => f.name));
  const wanted = (json.weightsManifest ?? []).flatMap((g) => g.paths ?? []).map((p) => p.split('/').pop() ?? p);
  const missing = wanted.filter((p) => !have.has(p));
  if (missing.length) throw new Error(`${jsonFile.name}: weight file${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not picked (pick model.json together with all its .bin files)`);
}

/** Checks a pick and describes it; throws an Error naming the file and the problem. */
export async function describeModelFiles(files: ModelFile[], options: UserModelOptions = {}): Promise<DeepnetModelSummary> {
  if (files.length === 0) throw new Error('no model files picked');
  const unknown = files.find((f) => !['json', 'bin', 'onnx'].includes(extension(f.name)));
  if (unknown) throw new Error(`${unknown.name}: not a model file (expected model.json + .bin shards, or one .onnx file)`);
  const onnx = files.filter((f) => extension(f.name) === 'onnx');
  const sha256 = await modelSha256(files);
  const names = files.map((f) => f.name);
  if (onnx.length > 0) {
    if (files.length > 1) throw new Error(`${onnx[0].name}: pick one .onnx file on its own (got ${names.join(', ')})`);
    if (onnx[0].bytes.byteLength === 0) throw new Error(`${onnx[0].name}: the file is empty`);
    return { kind: 'onnx', name: onnx[0].name, files: names, sha256, options };
  }
  const jsons = files.filter((f) => extension(f.name) === 'json');
  if (jsons.length !== 1) throw new Error(`${names.join(', ')}: pick exactly one model.json with its weight files (found ${jsons.length} .json files)`);
  const json = parseModelJson(jsons[0]);
  checkShards(json, jsons[0], files);
  return { kind: 'tfjs', name: jsons[0].name, files: names, sha256, layerNames: layerNamesOf(json), options };
}

/** The embedder id for a user model: its file name and a short content hash (goes into manifests). */
export function userEmbedderId(model: DeepnetModelSummary): string {
  return `${model.name}@sha256:${model.sha256.slice(0, SHORT_HASH)}`;
}

/**
 * Cache-key parameters for DeepNet: the model's hash and options, so different models (or
 * settings) never share a cached result. The default model adds nothing: its key stays stable.
 */
export function deepnetCacheParams(model: DeepnetModelSummary | null): Record<string, unknown> {
  if (!model) return {};
  const options = Object.keys(model.options).sort().map((k) => [k, model.options[k as keyof UserModelOptions]]);
  return { model: model.sha256, options: JSON.stringify(options) };
}

/** The worker request for a user model (bytes are copied by postMessage; the registry keeps its own). */
export function userModelRequest(model: DeepnetModelSummary, files: ModelFile[]): UserModelRequest {
  return { kind: model.kind, id: userEmbedderId(model), files, options: model.options };
}

/** "0.5" or "0.485, 0.456, 0.406" → numbers; '' → undefined; throws on anything else. */
export function parseNumberList(text: string, what: string): number[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const values = trimmed.split(/[\s,]+/).map(Number);
  if (values.some((v) => !Number.isFinite(v)) || ![1, 3].includes(values.length)) {
    throw new Error(`${what}: expected one number or three comma-separated numbers, got '${text}'`);
  }
  return values;
}
