#!/usr/bin/env python3
"""Time one SwAV training step in PyTorch on this CPU, at the shapes of ctsieve's presets
(for bench/pretrain.bench.ts, side by side with tfjs). Same work per step as ctsieve's
swavTrainStep: forward of every crop (one backbone pass per crop size), projection head, L2,
prototype scores, Sinkhorn (3 iterations) on the two global crops, swapped-prediction loss,
backward, optimiser step (Adam for tiny/short, LARS-like momentum SGD cost for paper). Crops are
random tensors: augmentation is timed separately on the ctsieve side.

Usage: swav_step_timing.py PRESET_JSON [--steps N] [--threads T]
PRESET_JSON: {"name", "arch": "tiny"|"resnet18", "width", "batch", "nmbCrops": [g, l],
              "cropSizes": [Sg, Sl], "hiddenDim", "outputDim", "prototypes"}
Prints one JSON object {name, threads, torch, stepMs (median), stepsTimed, imagesPerSecond}.
"""
import argparse, json, statistics, time
import torch, torch.nn as nn, torch.nn.functional as F


class BasicBlock(nn.Module):
    """torchvision's resnet BasicBlock (conv3×3-BN-ReLU-conv3×3-BN + shortcut, ReLU), written out
    so the timing needs torch only (Debian's python3-torch comes without torchvision)."""
    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class Tiny(nn.Module):
    """golden_swav.py's backbone."""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, 2, 1, bias=False); self.bn2 = nn.BatchNorm2d(8)
        self.dim = 8
    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x))); x = F.relu(self.bn2(self.conv2(x)))
        return x.mean(dim=(2, 3))


class ResNet18(nn.Module):
    """torchvision's resnet18 layout (its BasicBlock, above), 1 input channel, base width w."""
    def __init__(self, w):
        super().__init__()
        self.conv1 = nn.Conv2d(1, w, 7, 2, 3, bias=False); self.bn1 = nn.BatchNorm2d(w)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        layers, inp = [], w
        for i in range(4):
            planes, stride = w * 2 ** i, (1 if i == 0 else 2)
            down = None
            if stride != 1 or inp != planes:
                down = nn.Sequential(nn.Conv2d(inp, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
            layers += [BasicBlock(inp, planes, stride, down), BasicBlock(planes, planes)]
            inp = planes
        self.layers = nn.Sequential(*layers)
        self.dim = inp
    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        return self.layers(x).mean(dim=(2, 3))


@torch.no_grad()
def sinkhorn(out, eps=0.05, iters=3):
    Q = torch.exp(out / eps).t(); B, K = Q.shape[1], Q.shape[0]
    Q /= Q.sum()
    for _ in range(iters):
        Q /= Q.sum(dim=1, keepdim=True); Q /= K
        Q /= Q.sum(dim=0, keepdim=True); Q /= B
    return (Q * B).t()


def main():
    p = argparse.ArgumentParser(); p.add_argument('preset'); p.add_argument('--steps', type=int, default=3); p.add_argument('--threads', type=int, default=0)
    a = p.parse_args()
    c = json.loads(a.preset)
    if a.threads: torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    backbone = Tiny() if c['arch'] == 'tiny' else ResNet18(c.get('width') or 64)
    head = nn.Sequential(nn.Linear(backbone.dim, c['hiddenDim']), nn.BatchNorm1d(c['hiddenDim']), nn.ReLU(), nn.Linear(c['hiddenDim'], c['outputDim']))
    protos = nn.Linear(c['outputDim'], c['prototypes'], bias=False)
    params = list(backbone.parameters()) + list(head.parameters()) + list(protos.parameters())
    opt = torch.optim.Adam(params, lr=1e-3) if c['arch'] == 'tiny' or c['name'] != 'paper' else torch.optim.SGD(params, lr=0.1, momentum=0.9)
    B = c['batch']; ng, nl = c['nmbCrops']; sg, sl = c['cropSizes']
    crops = [torch.randn(ng * B, 1, sg, sg)] + ([torch.randn(nl * B, 1, sl, sl)] if nl else [])
    total = ng + nl

    def step():
        with torch.no_grad():
            protos.weight.copy_(F.normalize(protos.weight, dim=1))
        f = torch.cat([backbone(x) for x in crops])
        z = F.normalize(head(f), dim=1)
        s = protos(z)
        loss = 0
        for a_ in (0, 1):
            q = sinkhorn(s[a_ * B:(a_ + 1) * B].detach())
            sub = 0
            for v in range(total):
                if v != a_: sub -= torch.mean(torch.sum(q * F.log_softmax(s[v * B:(v + 1) * B] / 0.1, dim=1), dim=1))
            loss += sub / (total - 1)
        opt.zero_grad(); (loss / 2).backward(); opt.step()

    step()  # warm-up
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter(); step(); times.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(times)
    print(json.dumps({'name': c['name'], 'threads': torch.get_num_threads(), 'torch': torch.__version__, 'stepMs': ms, 'stepsTimed': a.steps, 'imagesPerSecond': B * 1000 / ms}))


if __name__ == '__main__':
    main()
