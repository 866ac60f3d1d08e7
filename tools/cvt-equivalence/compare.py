"""Loads the parameters DumpCvt.java dumped into the original microsoft/CvT ConvolutionalVisionTransformer
and compares eval logits, train-mode logits, the loss, all gradients and the BatchNorm running statistics
after the training-mode pass.

    python compare.py DUMP_DIR CLS_CVT_PY [METHOD ...]

CLS_CVT_PY is the original lib/models/cls_cvt.py (e.g. from
`git --git-dir=/work/.mirror/microsoft+CvT/repo show HEAD:lib/models/cls_cvt.py > /tmp/cls_cvt.py`).
It is patched in memory for today's torch (torch._six is gone), without scipy, timm and the registry\n(none of them is used by the forward pass with drop-path 0).
"""
import json
import re
import sys
import types
from functools import partial
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F


def load_original(path, pool_q=False):
    src = Path(path).read_text()
    src = src.replace("from torch._six import container_abcs", "import collections.abc as container_abcs")
    src = src.replace("import scipy\n", "")
    # timm only provides DropPath (unused: drop path rates are 0) and trunc_normal_ (initialisation only,
    # overwritten by the loaded weights); importing timm fails when torchvision and the CPU torch wheel disagree
    src = src.replace("from timm.models.layers import DropPath, trunc_normal_",
                      "from torch.nn.init import trunc_normal_\nDropPath = None")
    src = src.replace("from .registry import register_model", "register_model = lambda f: f")
    # 'linear' (no convolutional projection at all): the original's Attention.forward only calls
    # forward_conv when one projection exists, so q/k/v are unbound (UnboundLocalError). forward_conv
    # itself handles a None projection (q = k = v = the tokens), so call it always.
    src = src.replace("""        if (
            self.conv_proj_q is not None
            or self.conv_proj_k is not None
            or self.conv_proj_v is not None
        ):
            q, k, v = self.forward_conv(x, h, w)""", """        q, k, v = self.forward_conv(x, h, w)""")
    if pool_q:
        # diagnostic only: let 'avg' pool the queries too, as the DJL port does
        src = src.replace("'linear' if method == 'avg' else method", "method")
    mod = types.ModuleType("cls_cvt_orig")
    exec(compile(src, "cls_cvt_orig.py", "exec"), mod.__dict__)
    return mod


def spec(method):
    # the same spec as DumpCvt.spec(method)
    return {
        "NUM_STAGES": 2, "PATCH_SIZE": [7, 3], "PATCH_STRIDE": [4, 2], "PATCH_PADDING": [2, 1],
        "DIM_EMBED": [16, 32], "NUM_HEADS": [1, 2], "DEPTH": [1, 2], "MLP_RATIO": [4.0, 4.0],
        "ATTN_DROP_RATE": [0.0, 0.0], "DROP_RATE": [0.0, 0.0], "DROP_PATH_RATE": [0.0, 0.0],
        "QKV_BIAS": [True, True], "CLS_TOKEN": [False, True], "POS_EMBED": [False, False],
        "QKV_PROJ_METHOD": [method, method], "KERNEL_QKV": [3, 3], "PADDING_KV": [1, 1], "STRIDE_KV": [2, 2],
        "PADDING_Q": [1, 1], "STRIDE_Q": [1, 1],
    }


SUFFIX = {"gamma": "weight", "beta": "bias", "runningMean": "running_mean", "runningVar": "running_var",
          "weight": "weight", "bias": "bias"}


def torch_key(djl_name):
    """DJL parameter name -> original state_dict key."""
    n = re.sub(r"(^|_)\d\d(?=[A-Za-z])", r"\1", djl_name)  # drop DJL's 01/02/... child prefixes
    n = re.sub(r"^backbone_", "", n)
    m = re.match(r"^(.*)_(gamma|beta|runningMean|runningVar|weight|bias)$", n)
    if n.endswith("cls_token"):
        path, leaf = n[: -len("_cls_token")], "cls_token"
    else:
        path, leaf = m.group(1), SUFFIX[m.group(2)]
    path = re.sub(r"block(\d+)", r"blocks_\1", path)
    path = re.sub(r"mlp_fc(\d)", r"mlp_fc\1", path)
    # tokens that contain an underscore themselves
    protected = ["patch_embed", "conv_proj_q", "conv_proj_k", "conv_proj_v", "proj_q", "proj_k", "proj_v"]
    for i, p in enumerate(protected):
        path = path.replace(p, f"@{i}@")
    path = path.replace("_", ".")
    for i, p in enumerate(protected):
        path = path.replace(f"@{i}@", p)
    return f"{path}.{leaf}"


def npy(path):
    return torch.from_numpy(np.load(path))


def compare(dump, mod, method, verbose_mapping=False):
    d = Path(dump) / method
    index = json.loads((d / "index.json").read_text())["params"]
    model = mod.ConvolutionalVisionTransformer(
        in_chans=3, num_classes=3, act_layer=mod.QuickGELU, norm_layer=partial(mod.LayerNorm, eps=1e-5),
        init="trunc_norm", spec=spec(method))
    sd = model.state_dict()
    new_sd = {}
    mapping = []
    for p in index:
        key = torch_key(p["name"])
        if key not in sd:
            raise SystemExit(f"{method}: {p['name']} -> {key}: no such key in the original")
        v = npy(d / "params" / (p["name"] + ".npy"))
        if tuple(v.shape) != tuple(sd[key].shape):
            raise SystemExit(f"{method}: {p['name']} {tuple(v.shape)} vs {key} {tuple(sd[key].shape)}")
        new_sd[key] = v
        mapping.append((p["name"], key, tuple(v.shape)))
    missing = [k for k in sd if k not in new_sd and not k.endswith("num_batches_tracked")]
    if missing:
        raise SystemExit(f"{method}: original keys with no DJL parameter: {missing}")
    model.load_state_dict(new_sd, strict=False)
    if verbose_mapping:
        print("| DJL parameter | original state_dict key | shape |\n|---|---|---|")
        for a, b, s in mapping:
            print(f"| {a} | {b} | {list(s)} |")

    x = npy(d / "input.npy")
    labels = npy(d / "labels.npy").long()
    res = {}
    model.eval()
    with torch.no_grad():
        out = model(x)
    res["eval_logits"] = (out - npy(d / "logits_eval.npy")).abs().max().item()
    res["eval_logits_scale"] = out.abs().max().item()

    # intermediate outputs (eval), where DumpCvt wrote them: first divergence
    inter = d / "intermediate"
    if inter.exists():
        got = {}
        hooks = [
            model.stage0.patch_embed.register_forward_hook(
                lambda m, i, o: got.__setitem__("stage0_patch_embed", o.flatten(2).transpose(1, 2))),
            model.stage0.blocks[0].attn.register_forward_hook(lambda m, i, o: got.__setitem__("stage0_block0_attn", o)),
        ]
        for s in range(model.num_stages):
            def grab(m, i, o, s=s):
                got[f"stage{s}_grid"] = o[0]
                if o[1] is not None:
                    got[f"stage{s}_cls"] = o[1]
            hooks.append(getattr(model, f"stage{s}").register_forward_hook(grab))
        with torch.no_grad():
            model(x)
        for h in hooks:
            h.remove()
        res["intermediate_eval"] = {k: (v - npy(inter / (k + ".npy"))).abs().max().item()
                                    for k, v in got.items() if (inter / (k + ".npy")).exists()}

    model.train()
    out = model(x)
    loss = F.cross_entropy(out, labels)
    loss.backward()
    res["train_logits"] = (out.detach() - npy(d / "logits_train.npy")).abs().max().item()
    res["train_loss"] = abs(loss.item() - npy(d / "loss_train.npy").item())
    params = dict(model.named_parameters())
    gmax = max(p.grad.abs().max().item() for p in params.values() if p.grad is not None)
    worst = (0.0, None)
    worst_rel = (0.0, None)
    for name, key, _ in mapping:
        g_file = d / "grads" / (name + ".npy")
        if key not in params:
            continue
        if not g_file.exists():
            raise SystemExit(f"{method}: no DJL gradient for {name}")
        gt = params[key].grad
        gj = npy(g_file)
        diff = (gt - gj).abs().max().item()
        # relative to the tensor's largest gradient, floored at 1e-3 of the largest gradient anywhere
        # (proj_k biases have a gradient that is exactly 0 in theory: softmax ignores a per-query constant)
        rel = diff / max(gt.abs().max().item(), 1e-3 * gmax)
        if diff > worst[0]:
            worst = (diff, key)
        if rel > worst_rel[0]:
            worst_rel = (rel, key)
    res["grad_max_abs"] = worst
    res["grad_max_rel"] = worst_rel
    run_diff = 0.0
    for name, key, _ in mapping:
        f = d / "running_after_train" / (name + ".npy")
        if f.exists():
            run_diff = max(run_diff, (model.state_dict()[key] - npy(f)).abs().max().item())
    res["bn_running_after_train"] = run_diff
    return model, res


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dump, cls_cvt = args[0], args[1]
    methods = args[2:] or ["dw_bn", "avg", "linear"]
    torch.manual_seed(0)
    mod = load_original(cls_cvt, pool_q="--pool-q" in sys.argv)
    for i, m in enumerate(methods):
        _, res = compare(dump, mod, m, verbose_mapping=(i == 0 and "--mapping" in sys.argv))
        print(m, json.dumps(res))


if __name__ == "__main__":
    main()
