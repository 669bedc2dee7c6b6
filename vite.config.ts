import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const shim = (name: string) => fileURLToPath(new URL(`./src/app/shims/${name}.ts`, import.meta.url));

/**
 * Privacy: no request may leave the page's own origin. The built app gets a strict
 * Content-Security-Policy meta tag. The dev server needs inline scripts (React refresh) and its
 * own websocket, so it sends a header that still allows only this origin.
 */
// No 'unsafe-eval': nothing compiles code at run time (the manifest's JSON Schema is checked by an
// interpreting validator); 'wasm-unsafe-eval' lets the DICOM codecs and tfjs-wasm compile WASM.
// blob: scripts: tfjs-wasm's threaded build starts its pthread workers from a blob of its own factory
// (importScripts in the worker); a blob is made by code already in the page and never leaves it.
const CSP_BUILD = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

const CSP_DEV = CSP_BUILD.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self' data: blob:", "connect-src 'self' data: blob: ws://127.0.0.1:* ws://localhost:*");

/**
 * Cross-origin isolation (SharedArrayBuffer, hence tfjs-wasm's threaded SIMD build: XNNPACK on every
 * core). Response headers only — a <meta> cannot set them — so a static host of the built app must
 * send both for threads; without them tfjs-wasm falls back to its single-threaded SIMD build.
 * require-corp is safe here: every resource is the app's own (the CSP above allows no other origin).
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const THREADED_FACTORY = /tfjs-backend-wasm-threaded-simd\.js$/;
const SCRIPT_DIR_OUTSIDE = `var WasmBackendModuleThreadedSimd = (() => {
  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;
  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;
  return (
function(WasmBackendModuleThreadedSimd) {`;
const SCRIPT_DIR_INSIDE = `var WasmBackendModuleThreadedSimd = (() => {
  return (
function(WasmBackendModuleThreadedSimd) {
  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;
  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;`;

/**
 * tfjs-wasm starts each pthread worker from a blob of `factory.toString()`. The emscripten factory reads
 * `_scriptDir` from its enclosing closure behind a `typeof` guard; minified, the guard is folded away
 * (the name is declared in scope) and every pthread worker dies with "e is not defined". Declaring
 * `_scriptDir` inside the factory makes its source self-contained. Fails the build if the file changes.
 */
function selfContainedThreadedWasmFactory(): Plugin {
  return {
    name: 'ctsieve-tfjs-wasm-threaded-factory',
    transform(code, id) {
      if (!THREADED_FACTORY.test(id.split('?')[0])) return null;
      if (!code.includes(SCRIPT_DIR_OUTSIDE)) throw new Error(`${id}: the tfjs-wasm threaded factory changed; re-check selfContainedThreadedWasmFactory`);
      return { code: code.replace(SCRIPT_DIR_OUTSIDE, SCRIPT_DIR_INSIDE), map: null };
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'ctsieve-csp',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html;
        return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP_BUILD}" />`);
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), selfContainedThreadedWasmFactory()],
  // CTSIEVE_VITE_CACHE: a cache folder per checkout when several share one node_modules.
  cacheDir: process.env.CTSIEVE_VITE_CACHE ?? 'node_modules/.vite',
  resolve: {
    // Node built-ins required by xmlbuilder2 (Cornerstone → vtk.js); see src/app/shims/.
    alias: { events: shim('events'), url: shim('url') },
  },
  server: { headers: { 'Content-Security-Policy': CSP_DEV, ...CROSS_ORIGIN_ISOLATION } },
  preview: { headers: { 'Content-Security-Policy': CSP_BUILD, ...CROSS_ORIGIN_ISOLATION } },
  // worker bundles get their own plugin list: the tfjs-wasm factory fix must run there (tfjs runs in workers)
  worker: { format: 'es', plugins: () => [selfContainedThreadedWasmFactory()] },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // Lazily imported modules listed so the dev server's first use does not re-optimise and reload the
    // page: DeepNet's, and tfjs-backend-wasm (imported when the compute backend settles, seconds after
    // the first view: unlisted, a fresh `npm start` re-bundled it and reloaded to a blank view).
    include: ['dicom-parser', 'nsfwjs/models/mobilenet_v2', 'onnxruntime-web', '@tensorflow/tfjs-backend-wasm'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
});
