"""A SwAV run in PyTorch on the slices ctsieve trains on, to tell a ctsieve problem from a recipe problem.

Usage (Debian's python3-torch and numpy; the slices ctsieve trains on, as written by
scripts/ssl/dump_slices.mts):
  npx tsx scripts/ssl/dump_slices.mts /tmp/head96.npy 96 public/samples/head-ct.nii.gz
  /usr/bin/python3 scripts/ssl/torch_swav_run.py /tmp/head96.npy [--steps 300] [--seed 0] [--epsilon 0.03] ...

Its defaults are SwAV's settings on ctsieve's `short` shapes (src/core/ssl/presets.ts): ResNet18 of width w on one channel
(torchvision's layout), head Linear(8w, hidden) BN ReLU Linear(hidden, out), L2-normalised, K prototypes
renormalised every step, 2×64² (0.4–1) + 4×32² (0.08–0.35) crops with flip, brightness/contrast jitter
(p 0.8, factors U(0.2, 1.8)) and Gaussian blur (p 0.5, σ U(0.1, 2) px), mean 0.5 std 0.25, Sinkhorn
ε 0.05 × 3 iterations on crops 0 and 1, τ 0.1, Adam with 10% linear warm-up then cosine to 0,
prototype gradient dropped for the first epoch. It prints, every few steps, the same diagnostics as
ctsieve's history.json (loss, sampleEntropy, meanEntropy, codeEntropy, prototypesUsed) and writes them
as JSON lines with --out (steps 1-based here; history.json counts from 0). `short` itself is
`--epsilon 0.03 --jitter 0.4 --blur-p 0`.

Not bit-for-bit ctsieve: its own random draws (numpy), crops cut at whole pixels and resized with
F.interpolate (ctsieve: tf cropAndResize boxes through pixel centres), Python's round() (halves to even)
for the warm-up length. It checks the recipe, not ctsieve's arithmetic (the goldens do that).
"""
import argparse
import json
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv3(cin, cout, stride), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = conv3(cout, cout), nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    """torchvision's resnet18 layout on one channel, layer widths w, 2w, 4w, 8w; torchvision's init."""

    def __init__(self, w):
        super().__init__()
        self.conv1 = nn.Conv2d(1, w, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        layers, cin = [], w
        for i, cout in enumerate([w, 2 * w, 4 * w, 8 * w]):
            stride = 1 if i == 0 else 2
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.features = 8 * w
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        return self.layers(x).mean((2, 3))


def gaussian_matrix(sigma, size):
    d = torch.arange(size, dtype=torch.float32)
    d = d[None, :] - d[:, None]
    g = torch.exp(-d * d / (2 * sigma * sigma)) * (d.abs() <= max(3 * sigma, 0.5))
    return g / g.sum(1, keepdim=True)


def random_resized_box(h, w, scale, rng):
    area = h * w
    for _ in range(10):
        target = area * rng.uniform(*scale)
        ratio = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
        cw, ch = round(math.sqrt(target * ratio)), round(math.sqrt(target / ratio))
        if 0 < cw <= w and 0 < ch <= h:
            return rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1), ch, cw
    return 0, 0, h, w


def crop(img, size, scale, rng, a):
    """One augmented crop of img [S, S] in [0, 1] → [size, size], normalised."""
    top, left, ch, cw = random_resized_box(img.shape[0], img.shape[1], scale, rng)
    x = img[top : top + ch, left : left + cw][None, None]
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=a.align_corners)[0, 0]
    if rng.random() < 0.5:
        x = x.flip(1)
    if rng.random() < 0.8 and a.jitter > 0:
        b, c = rng.uniform(1 - a.jitter, 1 + a.jitter), rng.uniform(1 - a.jitter, 1 + a.jitter)
        x = (x * b).clamp(0, 1)
        m = x.mean()
        x = ((x - m) * c + m).clamp(0, 1)
    if rng.random() < a.blur_p:
        g = gaussian_matrix(rng.uniform(0.1, 2.0) * size / 64 if a.blur_relative else rng.uniform(0.1, 2.0), size)
        x = g @ x @ g.T
    return (x - 0.5) / 0.25


def sinkhorn(scores, eps, iters):
    # exp(S/ε) as SwAV; scores are cosines (|S| ≤ 1), so this only overflows float32 for ε < ~0.011
    q = torch.exp(scores / eps).T
    q /= q.sum()
    k, b = q.shape
    for _ in range(iters):
        q /= q.sum(1, keepdim=True)
        q /= k
        q /= q.sum(0, keepdim=True)
        q /= b
    return (q * b).T


def entropy(p):
    return -(p * torch.log(p + 1e-30)).sum(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("slices")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--prototypes", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--out-dim", type=int, default=64)
    ap.add_argument("--crops", default="2x64:0.4-1,4x32:0.08-0.35")
    ap.add_argument("--freeze-epochs", type=float, default=1)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--align-corners", action="store_true")
    ap.add_argument("--jitter", type=float, default=0.8, help="brightness/contrast strength (factors U(1-j, 1+j))")
    ap.add_argument("--blur-p", type=float, default=0.5)
    ap.add_argument("--blur-relative", action="store_true", help="blur σ in px of a 64² crop, scaled to the crop size")
    ap.add_argument("--epsilon", type=float, default=0.05)
    ap.add_argument("--temperature", type=float, default=0.1)
    ap.add_argument("--sinkhorn-iterations", type=int, default=3)
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    data = torch.from_numpy(np.load(a.slices).astype(np.float32) / 255)
    n = data.shape[0]
    kinds = []
    for part in a.crops.split(","):
        cnt, rest = part.split("x")
        size, sc = rest.split(":")
        lo, hi = sc.split("-")
        kinds.append((int(cnt), int(size), (float(lo), float(hi))))

    enc = ResNet18(a.width)
    head = nn.Sequential(nn.Linear(enc.features, a.hidden), nn.BatchNorm1d(a.hidden), nn.ReLU(), nn.Linear(a.hidden, a.out_dim))
    protos = nn.Linear(a.out_dim, a.prototypes, bias=False)
    params = list(enc.parameters()) + list(head.parameters()) + list(protos.parameters())
    opt = torch.optim.Adam(params, lr=a.lr, weight_decay=1e-6)
    steps_per_epoch = math.ceil(n / a.batch)
    freeze = round(a.freeze_epochs * steps_per_epoch)
    warm = max(1, round(a.warmup * a.steps)) if a.warmup > 0 else 0
    ln_k = math.log(a.prototypes)
    out = open(a.out, "w") if a.out else None
    perm, pos = rng.permutation(n), 0
    for step in range(a.steps):
        lr = a.lr * (step + 1) / warm if step < warm else 0.5 * a.lr * (1 + math.cos(math.pi * (step - warm) / max(1, a.steps - warm)))
        for g in opt.param_groups:
            g["lr"] = lr
        idx = []
        for _ in range(a.batch):
            if pos == n:
                perm, pos = rng.permutation(n), 0
            idx.append(perm[pos])
            pos += 1
        with torch.no_grad():
            protos.weight.copy_(F.normalize(protos.weight, dim=1))
        crops = []
        for cnt, size, scale in kinds:
            for _ in range(cnt):
                crops.append(torch.stack([crop(data[i], size, scale, rng, a) for i in idx])[:, None])
        # SwAV's forward: one backbone call per crop size (crop-major rows c·B + b), the features of all
        # sizes concatenated, then the head once (its BatchNorm1d sees every crop of the step).
        feats, first = [], 0
        for cnt, _, _ in kinds:
            feats.append(enc(torch.cat(crops[first : first + cnt])))
            first += cnt
        z = F.normalize(head(torch.cat(feats)), dim=1)
        scores = protos(z)
        v = len(crops)
        b = a.batch
        logp = F.log_softmax(scores / a.temperature, dim=1)
        loss, codes_h = 0, 0
        for ai in (0, 1):
            with torch.no_grad():
                q = sinkhorn(scores[ai * b : (ai + 1) * b].detach(), a.epsilon, a.sinkhorn_iterations)
            codes_h += entropy(q / q.sum(1, keepdim=True)).mean().item() / 2
            for vi in range(v):
                if vi != ai:
                    loss = loss - (q * logp[vi * b : (vi + 1) * b]).sum(1).mean() / (2 * (v - 1))
        opt.zero_grad()
        loss.backward()
        if step < freeze:
            protos.weight.grad = None
        opt.step()
        with torch.no_grad():
            p = logp.exp()
            row = {
                "step": step + 1,
                "lr": lr,
                "loss": loss.item(),
                "sampleEntropy": entropy(p).mean().item(),
                "meanEntropy": entropy(p.mean(0)).item(),
                "codeEntropy": codes_h,
                "prototypesUsed": int(p.argmax(1).unique().numel()),
            }
        if out:
            out.write(json.dumps(row) + "\n")
            out.flush()
        if step == 0 or (step + 1) % a.every == 0 or step + 1 == a.steps:
            print(
                f"step {row['step']:4d} lr {lr:.2e} loss {row['loss']:.3f} sampleH {row['sampleEntropy']:.3f} "
                f"meanH {row['meanEntropy']:.3f} codeH {row['codeEntropy']:.3f} ({100 * row['codeEntropy'] / ln_k:.1f}% of ln K) used {row['prototypesUsed']}",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
