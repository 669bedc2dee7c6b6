#!/usr/bin/env python3
"""Time the Python reference libraries on a stack of 8-bit slices (for bench/similarity-cpu.bench.ts).

Usage: reference_timing.py STACK.npy [--pairs N] [--hash-slices N]
STACK.npy: uint8 array (slices, rows, cols). Prints one JSON object:
  {"versions": {...}, "ssim": {"pairs", "seconds", "ms_per_pair", "cpu_...", "values": [[i, j, v]]},
   "nmi": {...}, "dhash": {"slices", "seconds", "ms_per_slice", "cpu_...", "hex": [...]}, "hamming": {...}}
The values and hashes let the caller check its own results against the libraries on real data.

SSIM and NMI are timed as the reference pipeline computes them, one scikit-image call per pair,
over the first N pairs (i < j) in row-major order, then reported per pair (the caller
extrapolates to the full matrix). dHash is what imagehash.dhash(img, 8) does per slice:
Image.fromarray -> convert('L') -> resize((9, 8), LANCZOS) -> pixels[:, 1:] > pixels[:, :-1];
Hamming is numpy's count of differing bits per pair, as imagehash's `h1 - h2`.
Wall and CPU (process_time) times are both reported: on a shared machine CPU time is the fairer
per-core figure. Single-threaded (these calls do not use threads).
"""
import argparse
import json
import time

import numpy as np
import PIL
import scipy
import skimage
from PIL import Image
from skimage.metrics import normalized_mutual_information, structural_similarity

LANCZOS = getattr(Image, 'Resampling', Image).LANCZOS


def first_pairs(n: int, limit: int):
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            if len(out) == limit:
                return out
            out.append((i, j))
    return out


def time_pairs(fn, slices, pairs, keep_values=True):
    values = []
    t0, c0 = time.perf_counter(), time.process_time()
    for i, j in pairs:
        values.append(fn(slices[i], slices[j]))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    k = max(1, len(pairs))
    out = {'pairs': len(pairs), 'seconds': seconds, 'ms_per_pair': 1000 * seconds / k,
           'cpu_seconds': cpu, 'cpu_ms_per_pair': 1000 * cpu / k}
    if keep_values:
        out['values'] = [[i, j, float(v)] for (i, j), v in zip(pairs, values)]
    return out


def dhash_bits(u8: np.ndarray) -> np.ndarray:
    px = np.asarray(Image.fromarray(u8).convert('L').resize((9, 8), LANCZOS))
    return (px[:, 1:] > px[:, :-1]).ravel()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('stack')
    ap.add_argument('--pairs', type=int, default=60)
    ap.add_argument('--hash-slices', type=int, default=0, help='0 = all slices')
    args = ap.parse_args()
    u8 = np.load(args.stack)
    assert u8.dtype == np.uint8 and u8.ndim == 3, f'{args.stack}: expected uint8 (slices, rows, cols), got {u8.dtype} {u8.shape}'
    n = u8.shape[0]
    pairs = first_pairs(n, args.pairs)
    f64 = [s.astype(np.float64) for s in u8]
    ssim = lambda a, b: structural_similarity(  # noqa: E731
        a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
    nmi = lambda a, b: normalized_mutual_information(a, b, bins=100)  # noqa: E731
    ssim(f64[0], f64[-1])  # warm-up (imports, caches)
    nmi(u8[0], u8[-1])
    result = {
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__, 'scikit-image': skimage.__version__,
                     'Pillow': PIL.__version__},
        'shape': list(u8.shape),
        'ssim': time_pairs(ssim, f64, pairs),
        'nmi': time_pairs(nmi, u8, pairs),
    }
    hash_n = n if args.hash_slices <= 0 else min(n, args.hash_slices)
    dhash_bits(u8[0])
    t0, c0 = time.perf_counter(), time.process_time()
    bits = [dhash_bits(u8[k]) for k in range(hash_n)]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    result['dhash'] = {'slices': hash_n, 'seconds': seconds, 'ms_per_slice': 1000 * seconds / hash_n,
                       'cpu_seconds': cpu, 'cpu_ms_per_slice': 1000 * cpu / hash_n,
                       'hex': [''.join('%x' % int(''.join('1' if b else '0' for b in bits_k[i:i + 4]), 2)
                                       for i in range(0, 64, 4)) for bits_k in bits]}
    all_pairs = first_pairs(hash_n, hash_n * hash_n)
    result['hamming'] = time_pairs(lambda a, b: np.count_nonzero(a != b), bits, all_pairs, keep_values=False)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
