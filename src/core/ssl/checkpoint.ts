/**
 * Portable checkpoint bytes (IndexedDB, disk): `CTSWAV01` magic, u32 LE header length, the
 * header as UTF-8 JSON (everything but tensor data, each tensor with its offset into the data
 * block), zero padding to a multiple of 4, then the float32 little-endian data.
 */
import type { CheckpointTensor, PretrainCheckpoint } from './types';

const MAGIC = 'CTSWAV01';

interface TensorRef {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

type Header = Omit<PretrainCheckpoint, 'tensors' | 'optimizer' | 'queue'> & { tensors: TensorRef[]; optimizer: TensorRef[]; queue?: TensorRef };

export function serializeCheckpoint(c: PretrainCheckpoint): Uint8Array {
  let offset = 0;
  const blocks: Float32Array[] = [];
  const ref = (t: CheckpointTensor): TensorRef => {
    const r = { name: t.name, shape: t.shape, offset, length: t.data.length };
    offset += t.data.length;
    blocks.push(t.data);
    return r;
  };
  const header: Header = { ...c, tensors: c.tensors.map(ref), optimizer: c.optimizer.map(ref), queue: c.queue ? ref(c.queue) : undefined };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 8 + 4 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const bytes = new Uint8Array(dataStart + offset * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  const data = new Float32Array(bytes.buffer, dataStart, offset);
  let at = 0;
  for (const b of blocks) {
    data.set(b, at);
    at += b.length;
  }
  return bytes;
}

export function deserializeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): PretrainCheckpoint {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error(`${source}: not a ctsieve SwAV checkpoint (missing ${MAGIC} header)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error(`${source}: truncated checkpoint header`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch (e) {
    throw new Error(`${source}: unreadable checkpoint header (${(e as Error).message})`);
  }
  if (header.format !== 'ctsieve-swav-checkpoint/1') throw new Error(`${source}: unsupported checkpoint format ${String(header.format)}`);
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  const floats = Math.floor((bytes.length - dataStart) / 4);
  // copy so the result never aliases (or misaligns on) the caller's buffer
  const data = new Float32Array(floats);
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart, dataStart + floats * 4));
  const read = (r: TensorRef): CheckpointTensor => {
    if (r.offset + r.length > floats) throw new Error(`${source}: tensor ${r.name} runs past the end of the file (truncated?)`);
    return { name: r.name, shape: r.shape, data: data.slice(r.offset, r.offset + r.length) };
  };
  return { ...header, tensors: header.tensors.map(read), optimizer: header.optimizer.map(read), queue: header.queue ? read(header.queue) : undefined };
}
