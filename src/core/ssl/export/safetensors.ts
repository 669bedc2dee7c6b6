/**
 * safetensors (huggingface's format): u64 LE header length, a JSON header
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {string: string}}`, then the
 * raw little-endian bytes. Written here directly (the format is that small).
 */

export interface SafetensorEntry {
  name: string;
  dtype: 'F32' | 'I64';
  shape: number[];
  /** F32 values, or I64 values as bigint. */
  data: Float32Array | BigInt64Array;
}

export function writeSafetensors(entries: SafetensorEntry[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const e of entries) {
    const bytes = e.data.byteLength;
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // pad the header with spaces so the data starts 8-byte aligned (allowed by the format)
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const jsonBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + jsonBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  let at = 8 + jsonBytes.length;
  for (const e of entries) {
    out.set(new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength), at);
    at += e.data.byteLength;
  }
  return out;
}

/** Reads a safetensors file back (F32 and I64 only): for tests and for checking exports. */
export function readSafetensors(bytes: Uint8Array): { entries: Map<string, SafetensorEntry>; metadata: Record<string, string> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const entries = new Map<string, SafetensorEntry>();
  const base = 8 + n;
  for (const [name, h] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [b, e] = h.data_offsets;
    const copy = bytes.slice(base + b, base + e);
    if (h.dtype !== 'F32' && h.dtype !== 'I64') throw new Error(`safetensors: ${name} has unsupported dtype ${h.dtype}`);
    const data = h.dtype === 'F32' ? new Float32Array(copy.buffer) : new BigInt64Array(copy.buffer);
    entries.set(name, { name, dtype: h.dtype, shape: h.shape, data });
  }
  return { entries, metadata: (header.__metadata__ as unknown as Record<string, string>) ?? {} };
}
