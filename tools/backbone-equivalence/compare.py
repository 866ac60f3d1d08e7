"""Loads the parameters DumpBackbone.java dumped into the reference PyTorch model of the dump's
backbone and compares eval logits, train-mode logits (each head), the loss, every gradient and the
BatchNorm running statistics after the train-mode pass. Exits 1 when a limit is passed.

    python compare.py DUMP_DIR [DUMP_DIR ...]

References: cls_cvt -> the original microsoft/CvT lib/models/cls_cvt.py ($CLS_CVT_PY), vit -> timm's
VisionTransformer (dynamic_img_size, dynamic_img_pad), cas_vit -> the authors' classification/model/rcvit.py
($RCVIT_PY), crossformer -> the authors' models/crossformer.py ($CROSSFORMER_PY), unireplknet -> the authors' unireplknet.py ($UNIREPLKNET_PY), whose reparameterize_unireplknet
(deploy mode) also gives the logits our inference form is compared with. timm imports torchvision, which this check does not use: torchvision_stub.py stands in for it.
"""
import contextlib
import copy
import io
import json
import os
import re
import sys
import types
from functools import partial
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import yaml

sys.path.insert(0, str(Path(__file__).parent))
import torchvision_stub  # noqa: E402,F401  (before timm)

LIMITS = {"eval_logits": 1e-5, "inference_form_logits": 1e-5, "train_logits": 1e-5, "train_loss": 1e-5, "grad_max_abs": 1e-4, "bn_running_after_train": 1e-5}
LEAF = {"gamma": "weight", "beta": "bias", "runningMean": "running_mean", "runningVar": "running_var",
        "weight": "weight", "bias": "bias", "cls_token": "cls_token", "pos_embed": "pos_embed"}


def module_from(path, name, patches=()):
    src = Path(path).read_text()
    for old, new in patches:
        if old not in src:
            raise SystemExit(f"{path}: patch target not found: {old[:60]!r}")
        src = src.replace(old, new)
    mod = types.ModuleType(name)
    sys.modules[name] = mod  # timm's register_model looks its caller's module up there
    exec(compile(src, name + ".py", "exec"), mod.__dict__)
    return mod


def original_cvt(meta):
    mod = module_from(os.environ["CLS_CVT_PY"], "cls_cvt_orig", [
        ("from torch._six import container_abcs", "import collections.abc as container_abcs"),
        ("import scipy\n", ""),
        ("from .registry import register_model", "register_model = lambda f: f"),
        # 'linear' (no convolutional projection): the original calls forward_conv only when a projection
        # exists, leaving q/k/v unbound (UnboundLocalError); forward_conv handles None projections itself
        ("""        if (
            self.conv_proj_q is not None
            or self.conv_proj_k is not None
            or self.conv_proj_v is not None
        ):
            q, k, v = self.forward_conv(x, h, w)""", """        q, k, v = self.forward_conv(x, h, w)"""),
    ])
    spec = {k: v for k, v in meta["spec"].items() if k not in ("PRESET", "INIT")}
    return mod.ConvolutionalVisionTransformer(in_chans=3, num_classes=meta["classes"], act_layer=mod.QuickGELU,
                                              norm_layer=partial(mod.LayerNorm, eps=1e-5), init="trunc_norm", spec=spec)


def timm_vit(meta):
    from timm.models.vision_transformer import VisionTransformer
    s = meta["spec"]
    return VisionTransformer(img_size=tuple(meta["build"]), patch_size=s["PATCH_SIZE"], num_classes=meta["classes"],
                             global_pool=s["GLOBAL_POOL"], embed_dim=s["EMBED_DIM"], depth=s["DEPTH"],
                             num_heads=s["NUM_HEADS"], mlp_ratio=s["MLP_RATIO"], qkv_bias=s["QKV_BIAS"],
                             class_token=s["CLASS_TOKEN"], dynamic_img_size=True, dynamic_img_pad=True)


def authors_cas_vit(meta):
    mod = module_from(os.environ["RCVIT_PY"], "rcvit")
    s = meta["spec"]
    return mod.RCViT(layers=s["LAYERS"], embed_dims=s["EMBED_DIMS"], mlp_ratios=s["MLP_RATIO"], downsamples=s["DOWNSAMPLES"],
                     attn_bias=s["ATTN_BIAS"], num_classes=meta["classes"], distillation=s["DISTILLATION"])


def authors_crossformer(meta):
    mod = module_from(os.environ["CROSSFORMER_PY"], "crossformer_orig", [
        # PatchEmbed sizes its grid from img_size[0] twice: a non-square image needs the width's too
        ("patches_resolution = [img_size[0] // patch_size[0], img_size[0] // patch_size[0]]",
         "patches_resolution = [img_size[0] // patch_size[0], img_size[1] // patch_size[0]]"),
        # PatchMerging asserts even grids; its convolutions round an odd side down, as the port does
        ('assert H % 2 == 0 and W % 2 == 0, f"x size ({H}*{W}) are not even."', "pass"),
        ('print("Group Size:")\n        print(rst_group_size)', "pass"),
    ])
    s = meta["spec"]
    stages = len(s["DEPTHS"])
    return mod.CrossFormer(img_size=tuple(meta["build"]), patch_size=s["PATCH_SIZE"], num_classes=meta["classes"],
                           embed_dim=s["EMBED_DIM"], depths=s["DEPTHS"], num_heads=s["NUM_HEADS"], group_size=s["GROUP_SIZE"],
                           crs_interval=s["INTERVAL"], mlp_ratio=[s["MLP_RATIO"]] * stages, merge_size=s["MERGE_SIZE"],
                           drop_rate=s["DROP_RATE"], drop_path_rate=s["DROP_PATH_RATE"], group_type="constant",
                           use_cpe=False, use_acl=False)


def authors_unireplknet(meta):
    mod = module_from(os.environ["UNIREPLKNET_PY"], "unireplknet")
    s = meta["spec"]
    with contextlib.redirect_stdout(io.StringIO()):  # it prints its settings
        return mod.UniRepLKNet(num_classes=meta["classes"], depths=s["DEPTHS"], dims=s["DIMS"], kernel_sizes=s["KERNEL_SIZES"],
                               drop_path_rate=s["DROP_PATH_RATE"], layer_scale_init_value=s["LAYER_SCALE_INIT"],
                               attempt_use_lk_impl=False)


def cvt_key(djl_name):
    """DJL parameter name -> original CvT state_dict key (the port's block names are CvT's own)."""
    n = re.sub(r"(^|_)\d\d(?=[A-Za-z])", r"\1", djl_name)
    n = re.sub(r"^backbone_", "", n)
    if n.endswith("cls_token"):
        path, leaf = n[: -len("_cls_token")], "cls_token"
    else:
        m = re.match(r"^(.*)_(gamma|beta|runningMean|runningVar|weight|bias)$", n)
        path, leaf = m.group(1), LEAF[m.group(2)]
    path = re.sub(r"block(\d+)", r"blocks_\1", path)
    protected = ["patch_embed", "conv_proj_q", "conv_proj_k", "conv_proj_v", "proj_q", "proj_k", "proj_v"]
    for i, p in enumerate(protected):
        path = path.replace(p, f"@{i}@")
    path = path.replace("_", ".")
    for i, p in enumerate(protected):
        path = path.replace(f"@{i}@", p)
    return f"{path}.{leaf}"


def module_path_key(djl_name):
    """DJL parameter name -> state_dict key, for ports whose child blocks carry the PyTorch module paths:
    DJL joins child names with '_' after a two-digit prefix (01backbone_02blocks.0_01norm1_gamma)."""
    segments = [s[2:] for s in re.split(r"_(?=\d\d[A-Za-z])", djl_name)]
    last = segments.pop()
    leaf = next(l for l in sorted(LEAF, key=len, reverse=True) if last.endswith("_" + l))
    segments.append(last[: -len(leaf) - 1])
    if segments[0] == "backbone":
        segments = segments[1:]
    return ".".join(segments + [LEAF[leaf]])


def unireplknet_key(djl_name):
    """As module_path_key, but GRN's gamma and beta (act.1) and a block's layer scale (its own gamma) keep
    their names: only the norms' gamma and beta are weight and bias."""
    key = module_path_key(djl_name)
    if djl_name.endswith(("_gamma", "_beta")) and re.search(r"(\.act\.1|^stages\.\d+\.\d+)\.\w+$", key):
        key = key.rsplit(".", 1)[0] + "." + djl_name.rsplit("_", 1)[1]
    return key


REFERENCES = {"cls_cvt": (original_cvt, cvt_key), "vit": (timm_vit, module_path_key), "cas_vit": (authors_cas_vit, module_path_key),
              "crossformer": (authors_crossformer, module_path_key),
              "unireplknet": (authors_unireplknet, unireplknet_key)}


def npy(path):
    return torch.from_numpy(np.load(path))


def relative(reference, ours):
    """The largest difference, relative to the largest reference value where that is over 1: random
    BatchNorm running statistics in eval mode give logits up to about 30, whose float32 rounding is
    1e-6 in absolute terms."""
    return (reference - ours).abs().max().item() / max(1.0, reference.abs().max().item())


def compare(d):
    meta = yaml.safe_load((d / "meta.yaml").read_text())
    build, key_of = REFERENCES[meta["name"]]
    model = build(meta)
    index = json.loads((d / "index.json").read_text())["params"]
    sd = model.state_dict()
    new_sd, mapping = {}, []
    for p in index:
        key = key_of(p["name"])
        if key not in sd:
            raise SystemExit(f"{d}: {p['name']} -> {key}: no such key in the reference")
        v = npy(d / "params" / (p["name"] + ".npy"))
        if tuple(v.shape) != tuple(sd[key].shape):
            raise SystemExit(f"{d}: {p['name']} {tuple(v.shape)} vs {key} {tuple(sd[key].shape)}")
        new_sd[key] = v
        mapping.append((p["name"], key))
    missing = [k for k in sd if k not in new_sd and not k.endswith("num_batches_tracked")]
    if missing:
        raise SystemExit(f"{d}: reference keys with no DJL parameter: {missing}")
    model.load_state_dict(new_sd, strict=False)

    x = npy(d / "input.npy")
    labels = npy(d / "labels.npy").long()
    res = {}
    model.eval()
    with torch.no_grad():
        out = model(x)
    res["eval_logits"] = relative(out, npy(d / "logits_eval.npy"))
    res["inference_form_logits"] = None
    if (d / "logits_inference_form.npy").exists():
        deploy = copy.deepcopy(model)
        with contextlib.redirect_stdout(io.StringIO()), torch.no_grad():
            deploy.reparameterize_unireplknet()
            res["inference_form_logits"] = relative(deploy(x), npy(d / "logits_inference_form.npy"))

    model.train()
    outs = model(x)
    outs = list(outs) if isinstance(outs, tuple) else [outs]
    loss = sum(F.cross_entropy(o, labels) for o in outs) / len(outs)
    loss.backward()
    res["train_logits"] = max(relative(o.detach(), npy(d / f"logits_train_{i}.npy")) for i, o in enumerate(outs))
    res["train_loss"] = abs(loss.item() - npy(d / "loss_train.npy").item())
    params = dict(model.named_parameters())
    worst = 0.0
    for name, key in mapping:
        if key in params and params[key].grad is not None:
            g = d / "grads" / (name + ".npy")
            if not g.exists():
                raise SystemExit(f"{d}: no DJL gradient for {name}")
            worst = max(worst, (params[key].grad - npy(g)).abs().max().item())
    res["grad_max_abs"] = worst
    running = 0.0
    for name, key in mapping:
        f = d / "running_after_train" / (name + ".npy")
        if f.exists():
            running = max(running, (model.state_dict()[key] - npy(f)).abs().max().item())
    res["bn_running_after_train"] = running
    return meta, res


def main():
    torch.manual_seed(0)
    failed = False
    print("| backbone | built for | fed | eval logits (rel.) | inference form (rel.) | train logits (rel.) | loss | gradients"
          " | BN running stats |")
    print("|---|---|---|---|---|---|---|---|---|")
    for dump in sys.argv[1:]:
        meta, res = compare(Path(dump))
        bad = [k for k, limit in LIMITS.items() if res[k] is not None and not res[k] <= limit]
        failed |= bool(bad)
        cells = " | ".join("-" if res[k] is None else f"{res[k]:.1e}" + (" FAIL" if k in bad else "") for k in LIMITS)
        print(f"| {meta['name']} ({Path(dump).name}) | {meta['build'][0]}x{meta['build'][1]} | {meta['run'][0]}x{meta['run'][1]} | {cells} |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
