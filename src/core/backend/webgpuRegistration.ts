/**
 * Registers tfjs's WebGPU backend factory when `navigator.gpu` exists but the factory is missing.
 *
 * Why: `@tensorflow/tfjs-backend-webgpu` registers its factory at import time only if
 * `navigator.gpu` is already there. In Node, `navigator.gpu` is installed later (nodeWebgpu.ts),
 * so the import-time check can miss it; this registers the same factory afterwards.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs priority of the webgpu backend (the package's own value). */
const WEBGPU_PRIORITY = 3;

/** The WebGPU entry point, if this runtime has one (browser, Worker, or Node after nodeWebgpu). */
export function webgpuEntryPoint(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? undefined;
}

/** Imports the webgpu backend package (kernels) and makes sure its factory is registered. */
export async function ensureWebgpuBackendRegistered(): Promise<boolean> {
  const gpu = webgpuEntryPoint();
  if (!gpu) return false;
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu')) return true;
  tf.registerBackend('webgpu', async () => {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('WebGPU: no adapter (navigator.gpu.requestAdapter returned null)');
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      },
    });
    return new WebGPUBackend(device, adapter.info);
  }, WEBGPU_PRIORITY);
  return true;
}
