/**
 * Node only (CLI, tests, benchmarks; never imported by browser code): installs `navigator.gpu`
 * from the `webgpu` npm package (Dawn) so tfjs's WebGPU backend runs in Node.
 *
 * Dawn needs `libvulkan.so.1` (the Vulkan loader) and a Vulkan driver (ICD). Where to find them:
 * 1. The user's own setting (VK_ICD_FILENAMES / VK_DRIVER_FILES, or LD_LIBRARY_PATH naming
 *    Chromium's folder) is used as it is.
 * 2. A system loader (Debian's libvulkan1) with a driver that gives Dawn an adapter (a real GPU,
 *    or a lavapipe new enough) is used as it is. Whether it does is asked in a child process, so
 *    the drivers' own warnings ("Vulkan shaderUniform*ArrayDynamicIndexing required" from an old
 *    lavapipe) stay out of our stderr; with no adapter and no SwiftShader, Dawn is not loaded at
 *    all and the caller's one-line notice is all the user sees.
 * 3. Otherwise Chromium's SwiftShader driver (/usr/lib/chromium/vk_swiftshader_icd.json): the
 *    ICD is chosen by setting VK_ICD_FILENAMES in process.env before Dawn creates its Vulkan
 *    instance (the loader reads it then), with Mesa's device-select layer off (it only prints
 *    "XDG_RUNTIME_DIR is invalid" here). With no system loader, Chromium's own libvulkan.so.1 is
 *    preloaded: `LD_LIBRARY_PATH` is read once by the dynamic loader at process start, so setting
 *    it later has no effect; instead we preload the library by absolute path with RTLD_GLOBAL |
 *    RTLD_NODELETE (Node's process.dlopen rejects it as "not a Node module" and closes the handle,
 *    but NODELETE keeps it resident), after which Dawn's own dlopen("libvulkan.so.1") finds it by
 *    soname.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { pathToFileURL } from 'node:url';

/** Chromium's bundled Vulkan loader and SwiftShader ICD (Debian's chromium package; elsewhere: $CTSIEVE_CHROMIUM_DIR). */
const CHROMIUM_DIR = process.env.CTSIEVE_CHROMIUM_DIR || '/usr/lib/chromium';
const VULKAN_LOADER = `${CHROMIUM_DIR}/libvulkan.so.1`;
const SWIFTSHADER_ICD = `${CHROMIUM_DIR}/vk_swiftshader_icd.json`;
const SYSTEM_LOADERS = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'];
/** glibc's RTLD_NODELETE (not in os.constants.dlopen). */
const RTLD_NODELETE = 0x1000;
/** How long the child process may take to ask the system drivers for an adapter. */
const PROBE_TIMEOUT_MS = 20_000;

export interface NodeWebgpuStatus {
  ok: boolean;
  /** Why WebGPU is unavailable (when ok is false), or the adapter that was found. */
  detail: string;
  /** Linux: where the Vulkan loader and driver came from (see the module comment). */
  vulkan?: string;
}

let installed: Promise<NodeWebgpuStatus> | undefined;

/** Installs navigator.gpu once per process; resolves with whether an adapter is available. */
export function installNodeWebgpu(): Promise<NodeWebgpuStatus> {
  installed ??= install();
  return installed;
}

async function install(): Promise<NodeWebgpuStatus> {
  if (process.env.CTSIEVE_NO_WEBGPU) return { ok: false, detail: 'disabled by CTSIEVE_NO_WEBGPU' };
  const { detail, noAdapter } = preloadVulkan();
  // Known to give no adapter: do not load Dawn here, so its warnings never reach our stderr.
  if (noAdapter) return { ok: false, detail, vulkan: detail };
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { ok: false, detail: `no WebGPU adapter (${detail})`, vulkan: detail };
    const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: GPU };
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    const info = adapter.info;
    return { ok: true, detail: `${info.vendor} ${info.architecture} ${info.description}`.trim(), vulkan: detail };
  } catch (err) {
    return { ok: false, detail: `webgpu package failed to load: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Where the Vulkan loader and driver come from (see the module comment): what it did, and whether no adapter is to be had. */
function preloadVulkan(): { detail: string; noAdapter?: boolean } {
  if (process.platform !== 'linux') return { detail: 'not Linux: using the platform default' };
  const env = process.env;
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || env.LD_LIBRARY_PATH?.includes(CHROMIUM_DIR)) return { detail: 'Vulkan loader and driver from the environment' };
  const systemLoader = SYSTEM_LOADERS.find((p) => existsSync(p));
  const swiftshader = existsSync(SWIFTSHADER_ICD) && existsSync(VULKAN_LOADER);
  if (systemLoader) {
    const probe = probeSystemDrivers();
    if (probe.ok) return { detail: `system Vulkan loader ${systemLoader} and its driver` };
    const why = probe.why ? `: ${probe.why}` : '';
    if (!swiftshader) return { detail: `no WebGPU adapter from the system Vulkan drivers${probe.why ? ` (${probe.why})` : ''}; install a working Vulkan driver, or chromium for SwiftShader`, noAdapter: true };
    useSwiftshaderIcd();
    return { detail: `system Vulkan loader with Chromium's SwiftShader driver (the system drivers gave no adapter${why})` };
  }
  // No loader at all: Dawn could only print "Couldn't load Vulkan" to our stderr, so it is not loaded.
  if (!existsSync(VULKAN_LOADER)) return { detail: 'no Vulkan loader found (install libvulkan1 and a driver, or chromium)', noAdapter: true };
  if (existsSync(SWIFTSHADER_ICD)) useSwiftshaderIcd();
  try {
    process.dlopen({ exports: {} }, VULKAN_LOADER, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
  } catch {
    // Expected: "Module did not self-register". The library stays loaded (RTLD_NODELETE).
  }
  return { detail: `Vulkan loader preloaded from ${VULKAN_LOADER}` };
}

/** Chromium's SwiftShader ICD for Dawn's Vulkan instance; Mesa's device-select layer off (see the module comment). */
function useSwiftshaderIcd(): void {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  process.env.NODEVICE_SELECT ??= '1';
}

/**
 * Asks, in a child process with this environment, whether the system's Vulkan drivers give Dawn
 * an adapter. Its stderr (driver warnings) is kept and only summarised.
 */
function probeSystemDrivers(): { ok: boolean; why?: string } {
  let webgpuUrl: string;
  try {
    webgpuUrl = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return { ok: false, why: 'the webgpu package was not found' };
  }
  const script = `const { create } = await import(${JSON.stringify(webgpuUrl)});
const adapter = await create([]).requestAdapter();
process.stdout.write(adapter ? 'adapter' : 'none');
process.exit(0);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, env: process.env });
  if (child.stdout === 'adapter') return { ok: true };
  const warning = child.stderr?.split('\n').find((l) => /warning|error/i.test(l) && !l.includes('XDG_RUNTIME_DIR'));
  return { ok: false, why: warning?.replace(/^\s*(Warning|Error):\s*/i, '').replace(/\.\s*$/, '').trim() || (child.error ? child.error.message : undefined) };
}

/**
 * Releases the Dawn instance so the process can exit (dawn.node keeps Node alive while
 * navigator.gpu is referenced; https://issues.chromium.org/issues/387965810).
 */
export function releaseNodeWebgpu(): void {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav && 'gpu' in nav) delete nav.gpu;
}
