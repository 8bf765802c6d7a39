"""PyTorch's own speed on the network bench:training measures: ResNet-8 (width 16) as the models
package builds it (3x3 convs without bias, BN momentum 0.1 = Keras 0.9, eps 1e-5, 1x1 projection
shortcuts, global average pooling, dense logits), batch 64, SGD lr 0.01 momentum 0.9, softmax
cross-entropy, one thread on the CPU (or the GPU with device cuda). Prints one line per memory layout:
  pytorch layout=<nchw|channels_last> device=<cpu|cuda> torch=<version> train_img_per_s=<x> infer_img_per_s=<y>
Usage: resnet8_reference.py [seconds] [cpu|cuda]
Run by apps/bench/src/training_bench.ts when python3 has torch; not needed by the product."""
import sys
import time

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1), nn.ReLU())
        self.b = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))

    def forward(self, x):
        return torch.relu(self.b(self.a(x)) + (self.proj(x) if self.proj is not None else x))


def resnet8(width=16, classes=10):
    stem = nn.Sequential(nn.Conv2d(3, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width, eps=1e-5, momentum=0.1), nn.ReLU())
    blocks = [Block(width, width, 1), Block(width, 2 * width, 2), Block(2 * width, 4 * width, 2)]
    return nn.Sequential(stem, *blocks, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * width, classes))


def throughput(step, images, seconds):
    start, n = time.perf_counter(), 0
    while True:
        step()
        n += 1
        if time.perf_counter() - start >= seconds:
            return n * images / (time.perf_counter() - start)


def measure(layout, seconds, device, batch=64):
    torch.manual_seed(0)
    fmt = torch.channels_last if layout == "channels_last" else torch.contiguous_format
    model = resnet8().to(device=device, memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(batch, 3, 32, 32).to(device=device, memory_format=fmt)
    y = (torch.arange(batch) % 10).to(device)
    loss_fn = nn.CrossEntropyLoss()

    def train():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    def infer():
        with torch.no_grad():
            model.eval()
            model(x).sum().item()
            model.train()

    train()
    infer()
    t = throughput(train, batch, seconds)
    i = throughput(infer, batch, seconds / 3)
    print(f"pytorch layout={layout} device={device} torch={torch.__version__} train_img_per_s={t:.2f} infer_img_per_s={i:.2f}", flush=True)


if __name__ == "__main__":
    torch.set_num_threads(1)
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 15
    device = sys.argv[2] if len(sys.argv) > 2 else "cpu"
    for layout in ("nchw", "channels_last"):
        measure(layout, seconds, device)
