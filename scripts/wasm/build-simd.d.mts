export type KernelName = 'lanczos' | 'int16' | 'ssim' | 'nmi' | 'rescale';
export const SIMD_KERNELS: Record<KernelName, { wat: string; ts: string; constName: string; what: string }>;
export function kernelTsPath(name: KernelName): string;
export function assembleKernel(name: KernelName): Promise<Uint8Array>;
export function kernelTs(name: KernelName, bytes: Uint8Array): string;
