/** What each `--backend` choice means (usage text; docs/backends.md says the same at length). No imports: run.ts reads it while loading. */
export const BACKEND_HELP = `--backend (default auto):
    auto    a hardware GPU through WebGPU when there is one; otherwise (no WebGPU, or a software
            adapter such as SwiftShader) the fastest CPU path: wasm for SSIM and NMI, cpu for HASH,
            tfjs wasm for DeepNet
    webgpu  WGSL kernels on WebGPU, float32 (SSIM/NMI within 1e-4 of the reference)
    wasm    ctsieve's WebAssembly SIMD kernels on every core: SSIM float64 (within 1e-12 of the
            reference), NMI bit-identical; HASH runs cpu; DeepNet runs tfjs's wasm backend
    cpu     the float64 TypeScript reference (what conformance is measured on), on every core and
            identical to one thread; DeepNet runs tfjs's cpu backend
  --threads N  CPU worker threads for HASH/SSIM/NMI (default: every core); 1 = this thread only`;

