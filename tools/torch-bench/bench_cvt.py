"""PyTorch side of the model benchmark: the original CvT model code, timed like `cvt-runtime bench`.

Loads lib/models/cls_cvt.py from a checkout of the original CvT repository (given on the command
line; nothing of it is copied here), with small stand-ins for the helpers it imports (einops'
rearrange for the four patterns it uses, timm's DropPath and trunc_normal_), builds CvT-13 and, for
several views, the multi-view wrapper (shared backbone, 4-head self-attention over the views,
residual, LayerNorm, mean, linear head), then times AdamW training steps and inference on random
data, float32, on the CPU.

    python3 tools/torch-bench/bench_cvt.py --cvt-repo /path/to/CvT --views 6 --size 64 --batch 8
"""
import argparse
import os
import resource
import sys
import time
import types

import torch
import torch.nn as nn


def rearrange(x, pattern, **axes):
    if pattern == "b c h w -> b (h w) c":
        return x.flatten(2).transpose(1, 2)
    if pattern == "b (h w) c -> b c h w":
        return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], axes["h"], axes["w"])
    if pattern == "b t (h d) -> b h t d":
        b, t, c = x.shape
        return x.reshape(b, t, axes["h"], c // axes["h"]).transpose(1, 2)
    if pattern == "b h t d -> b t (h d)":
        b, h, t, d = x.shape
        return x.transpose(1, 2).reshape(b, t, h * d)
    raise ValueError(pattern)


class Rearrange(nn.Module):
    def __init__(self, pattern, **axes):
        super().__init__()
        self.pattern, self.axes = pattern, axes

    def forward(self, x):
        return rearrange(x, self.pattern, **self.axes)


class DropPath(nn.Module):
    def __init__(self, p=0.0):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = 1 - self.p
        mask = x.new_empty((x.shape[0],) + (1,) * (x.dim() - 1)).bernoulli_(keep)
        return x * mask / keep


def install_stand_ins():
    einops = types.ModuleType("einops")
    einops.rearrange = rearrange
    layers = types.ModuleType("einops.layers")
    layers_torch = types.ModuleType("einops.layers.torch")
    layers_torch.Rearrange = Rearrange
    timm_layers = types.ModuleType("timm.models.layers")
    timm_layers.DropPath = DropPath
    timm_layers.trunc_normal_ = lambda t, std=1.0: nn.init.trunc_normal_(t, std=std)
    for name, module in {"einops": einops, "einops.layers": layers, "einops.layers.torch": layers_torch,
                         "timm": types.ModuleType("timm"), "timm.models": types.ModuleType("timm.models"),
                         "timm.models.layers": timm_layers}.items():
        sys.modules.setdefault(name, module)


def load_cls_cvt(repo):
    install_stand_ins()
    source = open(os.path.join(repo, "lib", "models", "cls_cvt.py")).read()
    source = source.replace("from .registry import register_model", "register_model = lambda f: f")
    # torch._six.container_abcs is gone from newer PyTorch; it was collections.abc
    source = source.replace("from torch._six import container_abcs", "import collections.abc as container_abcs")
    module = types.ModuleType("cls_cvt")
    exec(compile(source, "cls_cvt.py", "exec"), module.__dict__)
    return module


CVT13 = dict(INIT="trunc_norm", NUM_STAGES=3, PATCH_SIZE=[7, 3, 3], PATCH_STRIDE=[4, 2, 2], PATCH_PADDING=[2, 1, 1],
             DIM_EMBED=[64, 192, 384], NUM_HEADS=[1, 3, 6], DEPTH=[1, 2, 10], MLP_RATIO=[4.0, 4.0, 4.0],
             ATTN_DROP_RATE=[0.0, 0.0, 0.0], DROP_RATE=[0.0, 0.0, 0.0], DROP_PATH_RATE=[0.0, 0.0, 0.1],
             QKV_BIAS=[True, True, True], CLS_TOKEN=[False, False, True], POS_EMBED=[False, False, False],
             QKV_PROJ_METHOD=["dw_bn", "dw_bn", "dw_bn"], KERNEL_QKV=[3, 3, 3], PADDING_KV=[1, 1, 1],
             STRIDE_KV=[2, 2, 2], PADDING_Q=[1, 1, 1], STRIDE_Q=[1, 1, 1])


class MultiView(nn.Module):
    def __init__(self, backbone, dim, classes):
        super().__init__()
        self.backbone = backbone
        self.attention = nn.MultiheadAttention(dim, 4, batch_first=True)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        b, v = x.shape[:2]
        features = self.backbone.forward_features(x.flatten(0, 1)).reshape(b, v, -1)
        merged, _ = self.attention(features, features, features)
        return self.head(self.norm(features + merged).mean(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cvt-repo", required=True)
    p.add_argument("--views", type=int, default=1)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--steps", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(os.cpu_count())
    cvt = load_cls_cvt(a.cvt_repo)
    backbone = cvt.ConvolutionalVisionTransformer(in_chans=3, num_classes=a.classes, act_layer=cvt.QuickGELU,
                                                 norm_layer=cvt.partial(cvt.LayerNorm, eps=1e-5), init="trunc_norm",
                                                 spec=CVT13)
    model = backbone if a.views == 1 else MultiView(backbone, 384, a.classes)
    shape = (a.batch, 3, a.size, a.size) if a.views == 1 else (a.batch, a.views, 3, a.size, a.size)
    print_row(a, timed(model, shape, a.classes, a.steps))


def timed(model, shape, classes, steps, modes=("train", "eval")):
    """Training (AdamW) and inference samples/s on random data, after two warm-up steps of each."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=2.5e-4, weight_decay=0.05)
    loss_fn = nn.CrossEntropyLoss()
    batch = shape[0]

    def train_step():
        x = torch.randn(shape)
        y = torch.randint(0, classes, (batch,))
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    def infer_step():
        with torch.no_grad():
            model(torch.randn(shape))

    rates = []
    for mode, step in (("train", train_step), ("eval", infer_step)):
        if mode not in modes:
            continue
        model.train(mode == "train")
        step()
        step()
        start = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.perf_counter() - start))
    return rates


def print_row(a, rates):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{'torch ' + torch.__version__:14s} {a.views:6d} {str(a.size) + 'x' + str(a.size):>11s} {a.batch:6d} "
          f"{rates[0]:14.2f} {rates[1]:16.2f} {peak:13d}")


if __name__ == "__main__":
    main()
