"""PyTorch side of the ViT benchmark: timm's VisionTransformer (vit_small_patch16_224 unless told
otherwise), single view, timed like `cvt-runtime bench` (bench_cvt.timed: AdamW training steps and
inference on random data, float32, on the CPU). timm imports torchvision, which is not used here:
tools/backbone-equivalence/torchvision_stub.py stands in for it.

    python3 tools/torch-bench/bench_vit.py --size 224 --batch 8 --classes 1000
"""
import argparse
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "backbone-equivalence"))
import torchvision_stub  # noqa: E402,F401  (before timm)
import timm  # noqa: E402
from bench_cvt import print_row, timed  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="vit_small_patch16_224")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    a.views = 1
    torch.set_num_threads(os.cpu_count())
    model = timm.create_model(a.model, pretrained=False, num_classes=a.classes, img_size=a.size)
    print_row(a, timed(model, (a.batch, 3, a.size, a.size), a.classes, a.steps))


if __name__ == "__main__":
    main()
