/** What a frame decoder gets and returns. */

export interface FrameDecodeInput {
  /** The frame's bytes as stored (native or one encapsulated frame). */
  encoded: Uint8Array;
  rows: number;
  cols: number;
  bitsAllocated: number;
  /** PixelRepresentation = 1. */
  signed: boolean;
  samplesPerPixel: number;
  /** Native big-endian data (Explicit VR Big Endian). */
  bigEndian?: boolean;
}

export interface DecodedFrame {
  width: number;
  height: number;
  components: number;
  /** Samples in row-major order (interleaved when components > 1). */
  samples: ArrayLike<number>;
}
