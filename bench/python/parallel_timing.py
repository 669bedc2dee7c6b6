#!/usr/bin/env python3
"""Time scikit-image's SSIM or NMI matrix using every core: one process per core (for
bench/similarity-cores.bench.ts).

Usage: parallel_timing.py STACK.npy --method ssim|nmi --processes N
STACK.npy: uint8 array (slices, rows, cols). Every pair i < j is computed, one scikit-image call
per pair as the reference pipeline does, the pairs dealt round-robin to N worker processes
(multiprocessing.Pool, started and warmed up before the clock starts, so process start-up is not
counted). Prints one JSON object: {"versions", "method", "processes", "pairs", "seconds",
"ms_per_pair", "values": [[i, j, v], ...]} (seconds = wall time of the whole matrix).
"""
import argparse
import json
import multiprocessing as mp
import time

import numpy as np
import skimage
from skimage.metrics import normalized_mutual_information, structural_similarity

_stack = None


def _init(path):
    global _stack
    _stack = np.load(path, mmap_mode='r')


def _score(method, a, b):
    if method == 'ssim':
        return structural_similarity(a.astype(np.float64), b.astype(np.float64), gaussian_weights=True, sigma=1.5,
                                     use_sample_covariance=False, data_range=255)
    return normalized_mutual_information(np.asarray(a), np.asarray(b), bins=100)


def _chunk(args):
    method, pairs = args
    return [(i, j, float(_score(method, _stack[i], _stack[j]))) for i, j in pairs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('stack')
    ap.add_argument('--method', choices=['ssim', 'nmi'], required=True)
    ap.add_argument('--processes', type=int, default=mp.cpu_count())
    args = ap.parse_args()
    n = np.load(args.stack, mmap_mode='r').shape[0]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chunks = [(args.method, pairs[k::args.processes]) for k in range(args.processes)]
    with mp.Pool(args.processes, initializer=_init, initargs=(args.stack,)) as pool:
        pool.map(_chunk, [(args.method, [(0, n - 1)])] * args.processes)  # warm-up: imports, caches
        t0 = time.perf_counter()
        values = [v for part in pool.map(_chunk, chunks) for v in part]
        seconds = time.perf_counter() - t0
    print(json.dumps({'versions': {'numpy': np.__version__, 'scikit-image': skimage.__version__},
                      'method': args.method, 'processes': args.processes, 'pairs': len(pairs),
                      'seconds': seconds, 'ms_per_pair': 1000 * seconds / max(1, len(pairs)),
                      'values': values}))


if __name__ == '__main__':
    main()
