"""PyTorch eager side of the GPU check: the original CvT model code, timed like `cvt-runtime bench`,
on the CPU or a CUDA device, float32 or with automatic mixed precision.

Reuses tools/torch-bench/bench_cvt.py (the loader of the original lib/models/cls_cvt.py with its
stand-ins, the CvT-13 spec and the multi-view wrapper) and adds what the GPU check needs: --device,
--amp, several settings in one process, peak GPU memory, and a markdown row per measurement.

    python3 tools/gpu-check/torch_table.py --cvt-repo /path/to/CvT --device cuda \
        --setting 6,224,32,2 --setting 1,224,64,1000 --amp off,on --steps 20

A setting is VIEWS,SIZE,BATCH,CLASSES. AMP "on" is the original code's recipe (torch.autocast
float16 with a GradScaler; --amp-dtype bfloat16 for bfloat16 without a scaler). Peak memory is
torch.cuda.max_memory_allocated on a GPU, the process's peak RSS on the CPU.
"""
import argparse
import os
import resource
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch-bench"))
import bench_cvt  # noqa: E402  (tools/torch-bench/bench_cvt.py)


def stand_in_if_missing(*names):
    """cls_cvt.py imports numpy and scipy for loading pretrained position embeddings only (unused
    here); a venv without them (the GPU box's) gets empty modules."""
    import importlib
    import types
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            sys.modules[name] = types.ModuleType(name)

HEADER = ("| runtime | device | views | image | batch | amp | train samp/s | infer samp/s | peak MiB |\n"
          "|---|---|---:|---:|---:|---|---:|---:|---:|")


def build(cvt, views, classes):
    backbone = cvt.ConvolutionalVisionTransformer(in_chans=3, num_classes=classes, act_layer=cvt.QuickGELU,
                                                 norm_layer=cvt.partial(cvt.LayerNorm, eps=1e-5), init="trunc_norm",
                                                 spec=bench_cvt.CVT13)
    return backbone if views == 1 else bench_cvt.MultiView(backbone, 384, classes)


def measure(cvt, device, views, size, batch, classes, steps, amp, amp_dtype):
    torch.manual_seed(0)
    model = build(cvt, views, classes).to(device)
    shape = (batch, 3, size, size) if views == 1 else (batch, views, 3, size, size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2.5e-4, weight_decay=0.05)
    loss_fn = nn.CrossEntropyLoss()
    dtype = torch.float16 if amp_dtype == "float16" else torch.bfloat16
    scaler = torch.amp.GradScaler(device.type, enabled=amp and dtype == torch.float16)

    def autocast():
        return torch.autocast(device.type, dtype=dtype, enabled=amp)

    def train_step():
        x = torch.randn(shape, device=device)
        y = torch.randint(0, classes, (batch,), device=device)
        optimizer.zero_grad(set_to_none=True)
        with autocast():
            loss = loss_fn(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

    def infer_step():
        with torch.no_grad(), autocast():
            model(torch.randn(shape, device=device)).float().cpu()

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    if device.type == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    rates = []
    for mode, step in (("train", train_step), ("eval", infer_step)):
        model.train(mode == "train")
        step()
        step()
        sync()
        start = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        rates.append(steps * batch / (time.perf_counter() - start))
    if device.type == "cuda":
        peak = torch.cuda.max_memory_allocated(device) // (1024 * 1024)
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    del model, optimizer
    return rates[0], rates[1], peak


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cvt-repo", required=True)
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    p.add_argument("--setting", action="append", default=[], help="VIEWS,SIZE,BATCH,CLASSES (repeatable)")
    p.add_argument("--amp", default="off", help="off, on or off,on")
    p.add_argument("--amp-dtype", default="float16", choices=["float16", "bfloat16"])
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--threads", type=int, default=0, help="CPU intra-op threads; 0 = all cores")
    p.add_argument("--no-header", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads or os.cpu_count())
    device = torch.device(a.device)
    stand_in_if_missing("numpy", "scipy")
    cvt = bench_cvt.load_cls_cvt(a.cvt_repo)
    if not a.no_header:
        print(HEADER)
    for setting in a.setting or ["1,224,8,1000"]:
        views, size, batch, classes = (int(v) for v in setting.split(","))
        for amp in a.amp.split(","):
            on = amp == "on"
            label = (a.amp_dtype if on else "fp32")
            try:
                train, infer, peak = measure(cvt, device, views, size, batch, classes, a.steps, on, a.amp_dtype)
                row = f"{train:.2f} | {infer:.2f} | {peak}"
            except RuntimeError as e:  # e.g. CUDA out of memory: a row that says so, the others still run
                row = "failed | " + str(e).splitlines()[0][:60] + " | "
            print(f"| torch {torch.__version__} eager | {a.device} | {views} | {size}x{size} | {batch} | {label} | {row} |",
                  flush=True)


if __name__ == "__main__":
    main()
