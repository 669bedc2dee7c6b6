import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { backendFailure, backendLabel, describeActiveBackend, initBackend, isSoftwareAdapter, tryBackend } from './index';
import { installNodeWebgpu } from './nodeWebgpu';

describe('initBackend', () => {
  it('starts the cpu backend on request', async () => {
    expect(await initBackend('cpu')).toEqual({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a backend that started records no failure (a non-wasm success was recorded as one)', async () => {
    expect(await tryBackend('cpu')).toBe(true);
    expect(backendFailure('cpu')).toBeUndefined();
  });

  it('names the backend and the reason when a requested backend cannot start', async () => {
    await expect(initBackend('wasm')).rejects.toThrow(/backend 'wasm' is not available: the tfjs wasm backend is not registered/);
  });

  it('describes software WebGPU adapters', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper' })).toBe(false);
    expect(backendLabel({ name: 'webgpu', note: 'SwiftShader, CPU-emulated' })).toBe('webgpu (SwiftShader, CPU-emulated)');
    expect(backendLabel({ name: 'cpu' })).toBe('cpu');
  });

  it('labels tfjs-wasm threads apart from the note (a note is what makes auto pass a backend over)', async () => {
    expect(backendLabel({ name: 'wasm', threads: 2 })).toBe('wasm (2 threads)');
    expect(backendLabel({ name: 'wasm', note: 'why', threads: 4 })).toBe('wasm (why, 4 threads)');
    // Node's tfjs-wasm has no threads: the description stays the plain name, without a note
    await import('@tensorflow/tfjs-backend-wasm');
    expect(await tryBackend('wasm')).toBe(true);
    expect(describeActiveBackend()).toEqual({ name: 'wasm' });
    await tryBackend('cpu');
  });
});

describe('Node WebGPU', async () => {
  const userVulkan = process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES || process.env.LD_LIBRARY_PATH;
  const systemLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some((p) => existsSync(p));
  const swiftshader = existsSync('/usr/lib/chromium/vk_swiftshader_icd.json');
  const status = await installNodeWebgpu();
  if (!status.ok) console.warn(`[initBackend.test] WebGPU checks skipped: ${status.detail}`);

  // Debian's libvulkan1 with no driver, or with a lavapipe too old for Dawn (mesa 22.3 here), used
  // to hide Chromium's SwiftShader: "no WebGPU adapter (Vulkan loader from the environment)".
  it.skipIf(!swiftshader || !!userVulkan)(`finds an adapter (Chromium's SwiftShader if the system driver gives none) beside ${systemLoader ? 'the system libvulkan1' : 'no system Vulkan loader'}`, () => {
    expect(status).toMatchObject({ ok: true });
    expect(status.vulkan).toMatch(systemLoader ? /system Vulkan loader/ : /preloaded from \/usr\/lib\/chromium/);
  });

  it.skipIf(!status.ok)('installs navigator.gpu and picks webgpu first for auto', async () => {
    const info = await initBackend('auto');
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
    expect(Array.from(await sum.data())).toEqual([2, 3]);
    sum.dispose();
  });
});
