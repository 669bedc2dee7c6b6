#!/usr/bin/env python3
"""Write fixtures/pillow_resize_cases.json: random 8-bit images and Pillow's LANCZOS resize of them.

Run with Debian's python3 (Pillow 9.4.0):  /usr/bin/python3 bench/python/pillow_resize_cases.py
src/core/similarity/dhash/dhash.cpu.test.ts checks resizeLanczosU8 against these byte for byte
(down- and up-scaling, non-square, one-pixel-wide inputs, a no-op size).
"""
import base64
import json
import os

import numpy as np
import PIL
from PIL import Image

CASES = [  # (src width, src height, dst width, dst height)
    (37, 53, 9, 8), (9, 8, 9, 8), (20, 10, 33, 7),
    (160, 120, 9, 8), (5, 5, 12, 12), (100, 1, 9, 8), (1, 50, 3, 8), (64, 17, 64, 5),
]


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).decode()


def main() -> None:
    rng = np.random.default_rng(20240601)
    out = []
    for w, h, dw, dh in CASES:
        src = rng.integers(0, 256, (h, w), dtype=np.uint8)
        dst = np.asarray(Image.fromarray(src, 'L').resize((dw, dh), Image.LANCZOS))
        out.append({'srcW': w, 'srcH': h, 'dstW': dw, 'dstH': dh, 'src': b64(src), 'dst': b64(dst)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'pillow_resize_cases.json')
    with open(path, 'w') as f:
        json.dump({'pillow': PIL.__version__, 'numpy': np.__version__, 'cases': out}, f, indent=1)
    print(f'wrote {len(out)} cases to {path}')


if __name__ == '__main__':
    main()
