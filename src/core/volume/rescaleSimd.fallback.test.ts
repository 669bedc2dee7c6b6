import { describe, expect, it, vi } from 'vitest';

// Bytes that are not a WebAssembly module stand in for a platform without WebAssembly SIMD (or a
// CSP that forbids compiling): the kernel is then null and storeInt16 keeps its JavaScript loop.
vi.mock('./rescaleSimdWasm', () => ({ RESCALE_SIMD_WASM_BASE64: btoa('not wasm') }));

describe('integer rescale where WebAssembly SIMD is unavailable', () => {
  it('has no kernel, and storeInt16 gives the JavaScript values and verdict', async () => {
    const { rescaleKernel, rescaleInt16Simd } = await import('./rescaleSimd');
    const { storeInt16 } = await import('./voxelBuilder');
    expect(rescaleKernel()).toBeNull();
    const raw = Int16Array.from({ length: 19 }, (_, i) => i * 100 - 900);
    expect(rescaleInt16Simd(new Int16Array(19), 0, raw, 1, -1024)).toBeNull();
    const out = new Int16Array(19);
    expect(storeInt16(out, 0, raw, 1, -1024)).toBe(true);
    expect([...out]).toEqual(Array.from(raw, (v) => v - 1024));
    expect(storeInt16(out, 0, Uint16Array.from([1, 40000]), 1, 0)).toBe(false);
  });
});
