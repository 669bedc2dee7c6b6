export type KernelName = 'lanczos' | 'int16' | 'ssim' | 'nmi' | 'rescale' | 'convFilterGrad' | 'maxPoolGrad' | 'batchNorm' | 'adam';
export const SIMD_KERNELS: Record<KernelName, { wat: string; ts: string; constName: string; what: string; sharedConstName?: string }>;
export function kernelTsPath(name: KernelName): string;
export function assembleKernel(name: KernelName, shared?: boolean): Promise<Uint8Array>;
export function kernelTs(name: KernelName, bytes: Uint8Array, sharedBytes?: Uint8Array): string;
