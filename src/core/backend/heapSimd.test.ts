/**
 * tfjs-wasm's memory is found in both builds: the plain ones export it (asm.memory), the threaded one
 * creates it shared in JS (Module.wasmMemory) and imports it, so its exports have none; an unknown
 * build is named in the error. The shared-memory module variant itself: wasmConvFilterGrad.test.ts.
 */
import { expect, it } from 'vitest';
import { heapMemory, type HeapModule } from './heapSimd';

const module = (fields: Partial<HeapModule>): HeapModule => ({ asm: {}, _malloc: () => 0, _free: () => undefined, ...fields });

it("finds tfjs-wasm's memory in the plain and the threaded build, and names an unknown one", () => {
  const plain = new WebAssembly.Memory({ initial: 1 });
  const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
  expect(heapMemory(module({ asm: { memory: plain } }))).toBe(plain);
  expect(heapMemory(module({ wasmMemory: shared }))).toBe(shared);
  expect(() => heapMemory(module({}))).toThrow(/neither exported nor on the module/);
});
