/**
 * voxelSha256 while reading: each slice is fed to an incremental SHA-256 as soon as the reader
 * completes it (ReadOptions.onSlice), in the gaps where the thread would wait for gunzip, and
 * without WebCrypto's copy of the whole volume. The digest is the same bytes' digest as
 * voxelSha256 (slice order, little endian) whenever `take(volume)` returns one: every slice came
 * in order, with the element type the finished volume has. A volume promoted from int16 to
 * float32 partway (a fractional value after rescaling) fails that check, and so does anything
 * else unexpected; `take` then hashes the finished voxels in place (same digest, one pass more).
 */
import type { ReadOptions } from '../volume/input';
import { littleEndianBytes, voxelSha256Sync, type Sha256Factory, type Sha256Stream } from '../volume/hash';
import type { Volume, VolumeMeta } from '../volume/types';

export class StreamingHasher {
  private hash?: Sha256Stream;
  private next = 0;
  private type?: unknown;
  private bytes = 0;
  private broken = false;

  constructor(private readonly createSha256: Sha256Factory) {}

  /** Pass as ReadOptions.onSlice (or call from the caller's own). */
  readonly onSlice: NonNullable<ReadOptions['onSlice']> = (k, slice) => {
    if (this.broken) return;
    if (k !== this.next || (this.type && slice.constructor !== this.type)) {
      this.broken = true;
      this.hash = undefined;
      return;
    }
    this.type ??= slice.constructor;
    this.bytes += slice.byteLength;
    (this.hash ??= this.createSha256()).update(littleEndianBytes(slice));
    this.next++;
  };

  /**
   * voxelSha256 of a volume streamed without keeping its voxels: the digest when the slices as handed
   * out are the volume's bytes (all of them, in order, of the storage type, no promotion partway),
   * else undefined (there is nothing left to hash: the caller reads the volume whole).
   */
  takeStreamed(v: StreamedVoxels): string | undefined {
    const type = STORAGE_TYPES[v.storage];
    const { rows, cols, slices } = v.meta;
    const ok = !this.broken && this.hash && v.promotedAt === undefined && this.next === slices && this.type === type && this.bytes === rows * cols * slices * type.BYTES_PER_ELEMENT;
    const sha = ok ? this.hash!.digest('hex') : undefined;
    this.hash = undefined;
    this.broken = true;
    return sha;
  }

  /** voxelSha256 of `volume`: from the streamed slices when they are the whole volume, else computed now. */
  take(volume: Pick<Volume, 'voxels' | 'slices'>): string {
    const streamed = !this.broken && this.hash && this.next === volume.slices && this.bytes === volume.voxels.byteLength && volume.voxels.constructor === this.type;
    const sha = streamed ? this.hash!.digest('hex') : voxelSha256Sync(volume, this.createSha256);
    this.hash = undefined;
    this.broken = true; // one volume per hasher
    return sha;
  }
}

/** What StreamingHasher.takeStreamed needs to know of a volume read slice by slice (core/volume StreamedVolume). */
export interface StreamedVoxels {
  meta: Pick<VolumeMeta, 'rows' | 'cols' | 'slices'>;
  storage: 'int16' | 'float32';
  promotedAt?: number;
}

const STORAGE_TYPES = { int16: Int16Array, float32: Float32Array } as const;

/** One onSlice that calls each of `handlers` in turn (e.g. a StreamingConverter's and a StreamingHasher's). */
export function allOnSlice(...handlers: (ReadOptions['onSlice'] | undefined)[]): ReadOptions['onSlice'] {
  const list = handlers.filter((h): h is NonNullable<ReadOptions['onSlice']> => h !== undefined);
  if (!list.length) return undefined;
  return (k, slice, dims) => {
    for (const h of list) h(k, slice, dims);
  };
}
