"""A suspect made outside fingerprint-bench: a ResNet-8 trained by PyTorch 2.x on CIFAR-10's binary
files, saved as ONNX (OUT.onnx), TorchScript (OUT.pt) and/or a state dict (OUT.pth) (NCHW input,
logits out) for `fpb import` (a state dict with --architecture resnet8) and `fpb verify`. Trained on the
first N training images (independently of any victim here), so it is a homologous model: `fpb verify`
should answer INDEPENDENT.

Usage: python3 tools/audit/pytorch_suspect.py OUT.onnx|OUT.pt|OUT.pth [OUT ...] [--data-dir DIR] [--images N] [--epochs E] [--width W]
DIR holds cifar-10-batches-bin/ (default: $FPB_CACHE_DIR/data or ~/.cache/fingerprint-bench/data).
Needs torch and onnx (pip install torch onnx); not part of the product."""
import argparse
import os
import time

import numpy as np
import torch
from torch import nn


def read_cifar(folder, names, limit):
    records = np.concatenate([np.fromfile(os.path.join(folder, n), dtype=np.uint8).reshape(-1, 3073) for n in names])[:limit]
    images = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0)
    return images, torch.from_numpy(records[:, 0].astype(np.int64))


def block(cin, cout, stride):
    body = nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
        nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
    )
    shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)) if stride != 1 or cin != cout else nn.Identity()

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.body, self.shortcut = body, shortcut

        def forward(self, x):
            return torch.relu(self.body(x) + self.shortcut(x))

    return Block()


def resnet8(width=16, classes=10):
    return nn.Sequential(
        nn.Conv2d(3, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
        block(width, width, 1), block(width, 2 * width, 2), block(2 * width, 4 * width, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * width, classes),
    )


def main():
    cache = os.environ.get("FPB_CACHE_DIR", os.path.join(os.path.expanduser("~"), ".cache", "fingerprint-bench"))
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="+")
    p.add_argument("--data-dir", default=os.path.join(cache, "data"))
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--width", type=int, default=16)
    a = p.parse_args()
    folder = os.path.join(a.data_dir, "cifar-10-batches-bin")
    torch.manual_seed(1)
    x, y = read_cifar(folder, [f"data_batch_{k}.bin" for k in range(1, 6)], a.images)
    tx, ty = read_cifar(folder, ["test_batch.bin"], 2000)
    model = resnet8(a.width)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    started = time.time()
    for epoch in range(a.epochs):
        model.train()
        for idx in torch.randperm(len(x)).split(64):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(tx).argmax(1) == ty).float().mean().item()
        print(f"epoch {epoch + 1}/{a.epochs}: test accuracy {accuracy:.3f} ({time.time() - started:.0f} s)", flush=True)
    model.eval()
    example = torch.zeros(1, 3, 32, 32)
    for out in a.out:
        if out.endswith(".pt"):
            torch.jit.trace(model, example).save(out)
        elif out.endswith(".pth"):
            # A plain dict: libtorch cannot read the OrderedDict that state_dict() pickles.
            torch.save(dict(model.state_dict()), out)
        else:
            # BatchNorms kept apart (not folded into the convolutions), so that it can be a victim too.
            torch.onnx.export(model, example, out, input_names=["image"], output_names=["logits"],
                              dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, dynamo=False,
                              do_constant_folding=False)
    print(f"wrote {', '.join(a.out)}: PyTorch {torch.__version__} ResNet-8 w{a.width} on {len(x)} CIFAR-10 images, test accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
