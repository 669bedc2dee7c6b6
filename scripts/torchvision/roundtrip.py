"""Loads ctsieve's encoder.safetensors into torchvision's resnet18() with strict key matching
(fc replaced by Identity, so strict=True checks every other key and shape), runs the same input
(gray replicated to 3 channels) and compares the features with ctsieve's.

  npx tsx scripts/torchvision/export-case.ts /tmp/tv
  /usr/bin/python3 scripts/torchvision/roundtrip.py /tmp/tv [--fixture tests/fixtures/torchvision/resnet18_features.json]

Debian python3-torch / python3-torchvision; reads safetensors without the safetensors package.
--fixture writes torchvision's features plus the sha256 of the loaded file, for the Node test
(src/core/ssl/export/torchvision.test.ts), so CI needs no PyTorch.
"""
import argparse, hashlib, json, struct, sys
import numpy as np
import torch, torchvision

DTYPES = {'F32': np.float32, 'I64': np.int64}


def read_safetensors(path):
    raw = open(path, 'rb').read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop('__metadata__', {})
    base = 8 + n
    tensors = {}
    for name, h in header.items():
        b, e = h['data_offsets']
        arr = np.frombuffer(raw[base + b:base + e], dtype=DTYPES[h['dtype']]).reshape(h['shape'])
        tensors[name] = torch.from_numpy(arr.copy())
    return tensors, meta, hashlib.sha256(raw).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('case_dir')
    p.add_argument('--fixture')
    a = p.parse_args()
    sd, meta, sha = read_safetensors(f'{a.case_dir}/encoder.safetensors')
    model = torchvision.models.resnet18()
    expected_keys = {k for k in model.state_dict() if not k.startswith('fc.')}
    assert set(sd) == expected_keys, f'keys differ: extra {sorted(set(sd) - expected_keys)[:5]}, missing {sorted(expected_keys - set(sd))[:5]}'
    model.fc = torch.nn.Identity()
    model.load_state_dict(sd, strict=True)
    model.eval()
    inp = json.load(open(f'{a.case_dir}/input.json'))
    x = torch.tensor(inp['data'], dtype=torch.float32).reshape(inp['shape']).permute(0, 3, 1, 2)  # NHWC -> NCHW
    with torch.no_grad():
        feats = model(x.repeat(1, 3, 1, 1)).numpy()
    ours = json.load(open(f'{a.case_dir}/ctsieve-features.json'))
    mine = np.array(ours['data'], dtype=np.float64).reshape(ours['shape'])
    diff = float(np.abs(mine - feats).max())
    scale = float(np.abs(feats).max())
    print(f'strict load OK ({len(sd)} tensors, metadata {meta}); features {feats.shape}, max |ctsieve - torchvision| = {diff:.3g} (scale {scale:.3g})')
    if a.fixture:
        out = {'about': 'torchvision resnet18 features of ctsieve\'s export (scripts/torchvision/roundtrip.py)',
               'versions': {'torch': torch.__version__, 'torchvision': torchvision.__version__},
               'safetensorsSha256': sha, 'metadata': meta, 'keys': len(sd), 'shape': list(feats.shape),
               'features': [float(v) for v in feats.ravel()]}
        json.dump(out, open(a.fixture, 'w'))
        print(f'wrote {a.fixture}')
    return 0 if diff <= 1e-4 * max(scale, 1.0) else 1


if __name__ == '__main__':
    sys.exit(main())
