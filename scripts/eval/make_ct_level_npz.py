#!/usr/bin/python3
"""Builds a MedMNIST-layout .npz of real CT slices with an honest anatomical label.

Task "level": is an axial slice from the cranial (label 1) or the caudal (label 0) half of its
volume's scanned range? The half is decided by patient z (the NIfTI affine's z sign), so the label
means the same thing in every volume. Slices in a middle band (default 20 % of the range) are left
out so no label hangs on a slice or two of position.

Split: no independent labelled volumes exist offline, so each volume is cut into contiguous slabs
along z (default 10) assigned train/val/test in a fixed pattern, and `--gap` slices at every slab
border are dropped so a test slice's nearest neighbours are never in train. Slices are windowed
(default W 400 / L 40 HU, soft tissue), resized to SIZE × SIZE by area averaging, stored uint8.

Run with Debian's python3 (numpy only; NIfTI read by hand: gzip + the 348-byte NIfTI-1 header):
  /usr/bin/python3 scripts/eval/make_ct_level_npz.py OUT.npz VOLUME.nii.gz... [--size 64]
"""
import argparse
import gzip
import struct

import numpy as np

DTYPES = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64, 256: np.int8, 512: np.uint16}
PATTERN = ["train", "test", "val", "train", "train", "train", "train", "val", "test", "train"]  # caudal slabs 0-3, cranial 6-9 alike


def read_nifti(path):
    """(volume z×y×x in HU, z direction sign) of a NIfTI-1 .nii or .nii.gz."""
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    endian = "<" if struct.unpack("<i", raw[:4])[0] == 348 else ">"
    dim = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    vox_offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    slope, inter = struct.unpack(endian + "2f", raw[112:120])
    sform_code = struct.unpack(endian + "h", raw[254:256])[0]
    srow_z = struct.unpack(endian + "4f", raw[312:328])
    quatern = struct.unpack(endian + "6f", raw[256:280])
    nx, ny, nz = dim[1], dim[2], dim[3]
    data = np.frombuffer(raw, dtype=np.dtype(DTYPES[datatype]).newbyteorder(endian), count=nx * ny * nz, offset=vox_offset)
    vol = data.reshape(nz, ny, nx).astype(np.float32)
    if slope not in (0.0, 1.0) or inter != 0.0:
        vol = vol * (slope if slope != 0 else 1.0) + inter
    if sform_code > 0:
        zsign = 1.0 if srow_z[2] >= 0 else -1.0
    else:
        # qform: the z column's z component is 1 - 2(b² + c²) scaled by qfac; sign suffices.
        b, c = quatern[0], quatern[1]
        qfac = struct.unpack(endian + "f", raw[76:80])[0] or 1.0
        zsign = 1.0 if (1 - 2 * (b * b + c * c)) * qfac >= 0 else -1.0
    return vol, zsign


def resize_area(img, size):
    """Area-average resize (crop to a multiple of size first, then block mean; upsample by repeat)."""
    h, w = img.shape
    if h < size or w < size:
        img = np.repeat(np.repeat(img, -(-size // h), axis=0), -(-size // w), axis=1)
        h, w = img.shape
    fh, fw = h // size, w // size
    oh, ow = (h - fh * size) // 2, (w - fw * size) // 2
    return img[oh:oh + fh * size, ow:ow + fw * size].reshape(size, fh, size, fw).mean(axis=(1, 3))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("volumes", nargs="+")
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--slabs", type=int, default=10)
    ap.add_argument("--gap", type=int, default=2)
    ap.add_argument("--band", type=float, default=0.2, help="middle fraction of the z range left out")
    ap.add_argument("--window", type=float, nargs=2, default=[40.0, 400.0], metavar=("CENTER", "WIDTH"))
    a = ap.parse_args()
    parts = {p: ([], []) for p in ("train", "val", "test")}
    lo_hu, hi_hu = a.window[0] - a.window[1] / 2, a.window[0] + a.window[1] / 2
    for path in a.volumes:
        vol, zsign = read_nifti(path)
        n = vol.shape[0]
        counts = {p: [0, 0] for p in parts}
        for k in range(n):
            pos = (k + 0.5) / n if zsign > 0 else 1 - (k + 0.5) / n  # 0 = most caudal, 1 = most cranial
            if abs(pos - 0.5) < a.band / 2:
                continue
            slab = min(a.slabs - 1, k * a.slabs // n)
            start, end = -(-slab * n // a.slabs), -(-(slab + 1) * n // a.slabs)
            if k < start + a.gap or k >= end - a.gap:
                continue
            part = PATTERN[slab % len(PATTERN)]
            label = 1 if pos > 0.5 else 0
            img = np.clip((vol[k] - lo_hu) / (hi_hu - lo_hu), 0, 1) * 255
            parts[part][0].append(np.round(resize_area(img, a.size)).astype(np.uint8))
            parts[part][1].append(label)
            counts[part][label] += 1
        print(f"{path}: {n} slices, z sign {zsign:+.0f}; (caudal, cranial) per part: {counts}")
    out = {}
    for p, (imgs, labels) in parts.items():
        out[f"{p}_images"] = np.stack(imgs) if imgs else np.zeros((0, a.size, a.size), np.uint8)
        out[f"{p}_labels"] = np.array(labels, dtype=np.uint8).reshape(-1, 1)
        print(f"{p}: {len(labels)} images, {sum(labels)} cranial")
    np.savez_compressed(a.out, **out)


if __name__ == "__main__":
    main()
