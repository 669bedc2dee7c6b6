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
const CSP_BUILD = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
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
  plugins: [react(), contentSecurityPolicy()],
  // CTSIEVE_VITE_CACHE: a cache folder per checkout when several share one node_modules.
  cacheDir: process.env.CTSIEVE_VITE_CACHE ?? 'node_modules/.vite',
  resolve: {
    // Node built-ins required by xmlbuilder2 (Cornerstone → vtk.js); see src/app/shims/.
    alias: { events: shim('events'), url: shim('url') },
  },
  server: { headers: { 'Content-Security-Policy': CSP_DEV } },
  preview: { headers: { 'Content-Security-Policy': CSP_BUILD } },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // Lazily imported modules listed so the dev server's first use does not re-optimise and reload the
    // page: DeepNet's, and tfjs-backend-wasm (imported when the compute backend settles, seconds after
    // the first view: unlisted, a fresh `npm start` re-bundled it and reloaded to a blank view).
    include: ['dicom-parser', 'nsfwjs/models/mobilenet_v2', 'onnxruntime-web', '@tensorflow/tfjs-backend-wasm'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
});
