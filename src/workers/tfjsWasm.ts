/**
 * Registers TensorFlow.js's WebAssembly backend in the compute worker, with the .wasm files emitted
 * as assets by Vite (tfjs would otherwise look for them next to the script, or on a CDN — which the
 * CSP forbids). DeepNet's `auto` uses it on machines whose only WebGPU adapter is a software one.
 * Without cross-origin isolation tfjs picks the SIMD build (no threads).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
