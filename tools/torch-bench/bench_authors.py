"""PyTorch side of the benchmark for the backbones whose reference is the authors' own model file:
CrossFormer (cheerss/CrossFormer models/crossformer.py) and UniRepLKNet (AILab-CVC/UniRepLKNet
unireplknet.py), single view, timed like `cvt-runtime bench` (bench_cvt.timed: AdamW training steps
and inference on random data, float32, on the CPU). The file is read from the path given (nothing of
it is copied here); timm supplies the helpers it imports, with tools/backbone-equivalence/
torchvision_stub.py standing in for torchvision. For UniRepLKNet a second row times inference of the
re-parameterised (deploy) model, folded by the authors' reparameterize_unireplknet().

    python3 tools/torch-bench/bench_authors.py --model crossformer_t --source /path/to/crossformer.py
    python3 tools/torch-bench/bench_authors.py --model unireplknet_t --source /path/to/unireplknet.py
"""
import argparse
import os
import resource
import sys
import types
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "backbone-equivalence"))
import torchvision_stub  # noqa: E402,F401  (before timm)
from bench_cvt import print_row, timed  # noqa: E402

# the authors' configs/crossformer/{tiny,small,base}_patch4_group7_224.yaml
CROSSFORMER = {
    "crossformer_t": dict(embed_dim=64, depths=[1, 1, 8, 6], num_heads=[2, 4, 8, 16]),
    "crossformer_s": dict(embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24]),
    "crossformer_b": dict(embed_dim=96, depths=[2, 2, 18, 2], num_heads=[3, 6, 12, 24]),
}


def load(path, name):
    module = types.ModuleType(name)
    sys.modules[name] = module  # timm's register_model looks its caller's module up there
    exec(compile(Path(path).read_text(), Path(path).name, "exec"), module.__dict__)
    return module


def build(a):
    if a.model in CROSSFORMER:
        return load(a.source, "crossformer").CrossFormer(
            img_size=a.size, patch_size=[4, 8, 16, 32], num_classes=a.classes, group_size=[7, 7, 7, 7],
            crs_interval=[8, 4, 2, 1], merge_size=[[2, 4], [2, 4], [2, 4]], mlp_ratio=[4.0] * 4,
            drop_path_rate=0.1,
            **CROSSFORMER[a.model])
    if a.model.startswith("unireplknet_"):
        return getattr(load(a.source, "unireplknet"), a.model)(num_classes=a.classes)
    raise SystemExit(f"unknown model {a.model}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="crossformer_t|_s|_b or unireplknet_a|_f|_p|_n|_t")
    p.add_argument("--source", required=True, help="the authors' model file")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    a.views = 1
    torch.set_num_threads(os.cpu_count())
    model = build(a)
    print_row(a, timed(model, (a.batch, 3, a.size, a.size), a.classes, a.steps))
    if hasattr(model, "reparameterize_unireplknet"):
        model.reparameterize_unireplknet()
        (folded,) = timed(model, (a.batch, 3, a.size, a.size), a.classes, a.steps, modes=("eval",))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{'torch folded':14s} {a.views:6d} {str(a.size) + 'x' + str(a.size):>11s} {a.batch:6d} "
              f"{'-':>14s} {folded:16.2f} {peak:13d}")


if __name__ == "__main__":
    main()
