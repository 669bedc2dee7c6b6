/**
 * Node only (CLI, tests, benchmarks; never imported by browser code): installs `navigator.gpu`
 * from the `webgpu` npm package (Dawn) so tfjs's WebGPU backend runs in Node.
 *
 * Dawn needs `libvulkan.so.1` and a Vulkan driver (ICD). On this kind of machine neither is on the
 * default search path, but Chromium ships both (SwiftShader). `LD_LIBRARY_PATH` is read once by the
 * dynamic loader at process start, so setting it later has no effect; instead we preload the loader
 * library by absolute path with RTLD_GLOBAL | RTLD_NODELETE (Node's process.dlopen rejects it as
 * "not a Node module" and closes the handle, but NODELETE keeps it resident), after which Dawn's own
 * dlopen("libvulkan.so.1") finds it by soname. `VK_ICD_FILENAMES` is read when Dawn creates its
 * Vulkan instance, so setting it in process.env beforehand works. Both are skipped when the user
 * already set the variables or the system has its own Vulkan loader.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

/** Chromium's bundled Vulkan loader and SwiftShader ICD (Debian's chromium package). */
const CHROMIUM_DIR = '/usr/lib/chromium';
const VULKAN_LOADER = `${CHROMIUM_DIR}/libvulkan.so.1`;
const SWIFTSHADER_ICD = `${CHROMIUM_DIR}/vk_swiftshader_icd.json`;
const SYSTEM_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'];
/** glibc's RTLD_NODELETE (not in os.constants.dlopen). */
const RTLD_NODELETE = 0x1000;

export interface NodeWebgpuStatus {
  ok: boolean;
  /** Why WebGPU is unavailable (when ok is false), or what was used. */
  detail: string;
}

let installed: Promise<NodeWebgpuStatus> | undefined;

/** Installs navigator.gpu once per process; resolves with whether an adapter is available. */
export function installNodeWebgpu(): Promise<NodeWebgpuStatus> {
  installed ??= install();
  return installed;
}

async function install(): Promise<NodeWebgpuStatus> {
  if (process.env.CTSIEVE_NO_WEBGPU) return { ok: false, detail: 'disabled by CTSIEVE_NO_WEBGPU' };
  const detail = preloadVulkan();
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { ok: false, detail: `no WebGPU adapter (${detail})` };
    const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: GPU };
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    const info = adapter.info;
    return { ok: true, detail: `${info.vendor} ${info.architecture} ${info.description}`.trim() };
  } catch (err) {
    return { ok: false, detail: `webgpu package failed to load: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Makes a Vulkan loader and driver findable without a restart; returns what it did. */
function preloadVulkan(): string {
  if (process.platform !== 'linux') return 'not Linux: using the platform default';
  if (process.env.LD_LIBRARY_PATH?.includes(CHROMIUM_DIR) || SYSTEM_LOADERS.some(existsSync)) {
    return 'Vulkan loader from the environment';
  }
  if (!existsSync(VULKAN_LOADER)) return 'no Vulkan loader found (install libvulkan1 and a driver, or chromium)';
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    process.dlopen({ exports: {} }, VULKAN_LOADER, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
  } catch {
    // Expected: "Module did not self-register". The library stays loaded (RTLD_NODELETE).
  }
  return `Vulkan loader preloaded from ${VULKAN_LOADER}`;
}

/**
 * Releases the Dawn instance so the process can exit (dawn.node keeps Node alive while
 * navigator.gpu is referenced; https://issues.chromium.org/issues/387965810).
 */
export function releaseNodeWebgpu(): void {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav && 'gpu' in nav) delete nav.gpu;
}
