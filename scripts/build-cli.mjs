// Builds the `ctsieve` bin: src/cli/main.ts bundled by esbuild into dist-cli/ctsieve.js (plain
// ESM JavaScript for Node >= 20.19; no TypeScript runner at run time). Dependencies stay external
// (loaded from node_modules: tfjs, the webgpu native module, codecs, nsfwjs).
// Run by `npm run build` and `npm run build:cli`; `npm run cli -- …` still runs the source via tsx.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// An output folder may be given (tests build into node_modules/ so the externals still resolve).
const outdir = process.argv[2] ? join(process.cwd(), process.argv[2]) : join(root, 'dist-cli');
const outfile = join(outdir, 'ctsieve.js');

await build({
  // The CPU pool's worker thread is its own entry: dist-cli/pool.worker.js (src/cli/poolNode.ts).
  entryPoints: { ctsieve: join(root, 'src/cli/main.ts'), 'pool.worker': join(root, 'src/cli/pool.worker.ts') },
  outdir,
  // Lazily imported modules stay separate chunks, so their imports (tfjs, codecs, the browser-only
  // `?url` assets) load only when used, as from source.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // The browser-only codec asset URLs (Vite `?url`) are never loaded in Node.
  external: ['*?url'],
  sourcemap: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`built ${outfile}`);
