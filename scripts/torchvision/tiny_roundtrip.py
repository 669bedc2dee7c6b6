"""Loads ctsieve's `tiny` encoder.safetensors into PyTorch with strict key matching and compares the
features with ctsieve's: the `tiny` counterpart of roundtrip.py (which does torchvision's resnet18).

The module is the backbone of `Tiny` in ../shared/fixtures/reference/swav/golden_swav.py (the
golden SwAV network ctsieve's `tiny` arch transcribes; src/core/ssl/encoders/architectures.ts
tinyGraph): its conv1/bn1/conv2/bn2 attributes and `backbone()` forward, copied verbatim, without
the projection head and prototypes (which are not part of the exported encoder).

  npx tsx scripts/torchvision/export-case.ts /tmp/tiny --arch tiny
  /usr/bin/python3 scripts/torchvision/tiny_roundtrip.py /tmp/tiny [--fixture tests/fixtures/torchvision/tiny_features.json]

Debian python3-torch 1.13; reads safetensors without the safetensors package (roundtrip.py's reader).
It also checks that a wrong key, the tfjs HWIO kernel layout and a spatially transposed kernel are
each refused (strict load error, or features off), so a passing run means the names and layouts are
right. --fixture writes PyTorch's features, the state_dict names/dtypes/shapes and the sha256 of the
loaded file, for the Node test (src/core/ssl/export/torchvision.test.ts), so CI needs no PyTorch.
"""
import argparse, json, sys
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from roundtrip import read_safetensors

TOLERANCE = 1e-4  # relative to the features' scale, as roundtrip.py


class TinyBackbone(nn.Module):
    """golden_swav.py Tiny without proj1/pbn/proj2/prototypes: conv3x3(1->4) BN ReLU conv3x3 s2 (4->8) BN ReLU GAP."""
    def __init__(s):
        super().__init__()
        s.conv1 = nn.Conv2d(1, 4, 3, 1, 1, bias=False); s.bn1 = nn.BatchNorm2d(4)
        s.conv2 = nn.Conv2d(4, 8, 3, 2, 1, bias=False); s.bn2 = nn.BatchNorm2d(8)

    def forward(s, x):  # golden_swav.py Tiny.backbone
        x = F.relu(s.bn1(s.conv1(x))); x = F.relu(s.bn2(s.conv2(x)))
        return x.mean(dim=(2, 3))


def features_of(sd, x):
    """Strictly loaded TinyBackbone's eval-mode features of x (raises on a wrong key or shape)."""
    model = TinyBackbone()
    model.load_state_dict(sd, strict=True)
    with torch.no_grad():
        return model.eval()(x).numpy()


def off(feats, ref):
    return float(np.abs(feats - ref).max()) > TOLERANCE * max(float(np.abs(ref).max()), 1.0)


def refused(make_bad, ref, x):
    """True when the altered state_dict fails to load strictly or gives other features."""
    try:
        return off(features_of(make_bad(), x), ref)
    except RuntimeError:
        return True


def negative_checks(sd, ref, x):
    renamed = lambda: {('bn1.gamma' if k == 'bn1.weight' else k): v for k, v in sd.items()}
    hwio = lambda: {k: (v.permute(2, 3, 1, 0).contiguous() if v.dim() == 4 else v) for k, v in sd.items()}
    hw_swapped = lambda: {k: (v.transpose(2, 3).contiguous() if v.dim() == 4 else v) for k, v in sd.items()}
    return {'wrong key (bn1.gamma)': refused(renamed, ref, x), 'HWIO kernel layout': refused(hwio, ref, x),
            'kernel rows/cols swapped': refused(hw_swapped, ref, x)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('case_dir')
    p.add_argument('--fixture')
    a = p.parse_args()
    sd, meta, sha = read_safetensors(f'{a.case_dir}/encoder.safetensors')
    expected = TinyBackbone().state_dict()
    assert set(sd) == set(expected), f'keys differ: extra {sorted(set(sd) - set(expected))}, missing {sorted(set(expected) - set(sd))}'
    for k, v in expected.items():
        assert sd[k].dtype == v.dtype and sd[k].shape == v.shape, f'{k}: file has {sd[k].dtype} {list(sd[k].shape)}, PyTorch wants {v.dtype} {list(v.shape)}'
    inp = json.load(open(f'{a.case_dir}/input.json'))
    x = torch.tensor(inp['data'], dtype=torch.float32).reshape(inp['shape']).permute(0, 3, 1, 2)  # NHWC -> NCHW
    feats = features_of(sd, x)
    ours = json.load(open(f'{a.case_dir}/ctsieve-features.json'))
    mine = np.array(ours['data'], dtype=np.float64).reshape(ours['shape'])
    diff, scale = float(np.abs(mine - feats).max()), float(np.abs(feats).max())
    print(f'strict load OK ({len(sd)} tensors, metadata {meta}); features {feats.shape}, max |ctsieve - PyTorch| = {diff:.3g} (scale {scale:.3g})')
    negatives = negative_checks(sd, feats, x)
    for what, ok in negatives.items():
        print(f'  {what}: {"refused" if ok else "NOT refused"}')
    if a.fixture:
        dtypes = {torch.float32: 'F32', torch.int64: 'I64'}
        out = {'about': "PyTorch features of ctsieve's tiny export loaded strictly into golden_swav.py's Tiny backbone (scripts/torchvision/tiny_roundtrip.py)",
               'versions': {'torch': torch.__version__}, 'safetensorsSha256': sha, 'metadata': meta,
               'stateDict': {k: {'dtype': dtypes[v.dtype], 'shape': list(v.shape)} for k, v in expected.items()},
               'shape': list(feats.shape), 'features': [float(v) for v in feats.ravel()]}
        json.dump(out, open(a.fixture, 'w'), indent=1)
        print(f'wrote {a.fixture}')
    return 0 if not off(mine, feats) and all(negatives.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
