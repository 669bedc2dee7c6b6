// Types of build-lanczos-simd.mjs, for the TypeScript test that checks the committed bytes.
export declare const watPath: string;
export declare const tsPath: string;
/** The module bytes assembled from lanczos_simd.wat. */
export declare function assembleLanczosSimd(): Promise<Uint8Array>;
/** The generated TypeScript source holding `bytes` as base64. */
export declare function lanczosSimdTs(bytes: Uint8Array): string;
