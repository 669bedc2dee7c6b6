/**
 * voxelSha256: SHA-256 (WebCrypto, in browsers, Workers and Node ≥ 20) over the voxel bytes in
 * slice order, little endian: int16 volumes hash their int16 LE voxels (the CLI contract), PNG
 * volumes their uint8 pixels, float32 volumes their float32 LE voxels.
 *
 * Where the platform has an incremental SHA-256 (Node's `createHash('sha256')`, injected by the
 * CLI: core stays free of Node modules), `voxelSha256Sync` hashes the voxels in place; WebCrypto's
 * digest first copies the whole buffer (300 MiB for a 600 × 512² int16 volume).
 */
import type { Volume, VoxelArray } from './types';

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The voxels as little-endian bytes (a view on little-endian hosts, a swapped copy otherwise). */
export function littleEndianBytes(voxels: VoxelArray): Uint8Array {
  const bytes = new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength);
  if (HOST_IS_LITTLE_ENDIAN || voxels.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = voxels.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let b = 0; b < w; b++) out[i + b] = bytes[i + w - 1 - b];
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An incremental SHA-256: Node's `createHash('sha256')` satisfies it. */
export interface Sha256Stream {
  update(bytes: Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}
export type Sha256Factory = () => Sha256Stream;

/** voxelSha256 through an incremental hash, in place (no copy on little-endian hosts). */
export function voxelSha256Sync(volume: Pick<Volume, 'voxels'>, createSha256: Sha256Factory): string {
  const hash = createSha256();
  hash.update(littleEndianBytes(volume.voxels));
  return hash.digest('hex');
}

export function voxelSha256(volume: Pick<Volume, 'voxels'>): Promise<string> {
  return sha256Hex(littleEndianBytes(volume.voxels));
}
