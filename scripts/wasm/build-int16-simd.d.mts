// Types of build-int16-simd.mjs, for the TypeScript test that checks the committed bytes.
export declare const watPath: string;
export declare const tsPath: string;
/** The module bytes assembled from int16_simd.wat. */
export declare function assembleInt16Simd(): Promise<Uint8Array>;
/** The generated TypeScript source holding `bytes` as base64. */
export declare function int16SimdTs(bytes: Uint8Array): string;
