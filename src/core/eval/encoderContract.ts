/** The encoder types of contract A, owned by swav (src/core/ssl/encoders). */
export type { EncoderArch, EncoderSpec, EncoderInfo, EncoderProvenance } from '../ssl/encoders/types';
