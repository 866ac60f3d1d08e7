#!/usr/bin/env bash
# Benchmark: training and inference samples/s and peak RSS of the CvT-13 model (MODEL.SPEC of the
# original experiment files) at the two reference settings, and of ViT-S/16, CrossFormer-T and
# UniRepLKNet-T (training structure, then the folded form's inference) at one view of 224 x 224,
# float32, AdamW, batch 8, random data.
# Reference on the 2-core development machine, PyTorch 2.13 eager (README, Benchmark): 6 views 64x64
# -> 10.7-11.4 train samples/s; 1 view 224x224 -> 4.9 train samples/s.
# Side by side: with CVT_REPO pointing at a checkout of the original CvT repository and a python3
# that has torch (Debian: apt-get install python3-torch), the same two settings run on the original
# model code in PyTorch too (tools/torch-bench/bench_cvt.py), and ViT-S/16 as timm's model where that
# python3 has timm (tools/torch-bench/bench_vit.py; PYTHON=/path/to/venv/bin/python picks another), and
# CrossFormer-T and UniRepLKNet-T as the authors' files that CROSSFORMER_PY and UNIREPLKNET_PY name
# (models/crossformer.py of cheerss/CrossFormer, unireplknet.py of AILab-CVC/UniRepLKNet;
# tools/torch-bench/bench_authors.py, which also times the folded UniRepLKNet's inference).
# Usage (from the repository root, after `mvn -B -q package -DskipTests -pl cvt-runtime`):
#   [CVT_REPO=/path/to/CvT] bench/model.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-10}
jar=cvt-runtime/target/cvt-runtime.jar
configs=../shared/data/seed-configs
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests -pl cvt-runtime" >&2; exit 2; }
[ -d "$configs" ] || { echo "reference experiment files not found at $configs" >&2; exit 2; }
run() {  # the table's row, and for a backbone with a folded inference form (UniRepLKNet) that form's line
  java -jar "$jar" bench --steps "$steps" "$@" 2>/dev/null | grep -A1 '^cpu\|^gpu' | tail -2
}
printf '%-8s %9s %6s %11s %6s %14s %16s %13s %9s\n' device precision views image batch "train samp/s" "infer samp/s" "peak RSS MiB" "GPU MiB"
run --cfg "$configs/cvt-ag-dim6.yaml" MODEL.NUM_CLASSES 2 TRAIN.IMAGE_SIZE '[64, 64]' TRAIN.BATCH_SIZE_PER_GPU 8
run --cfg "$configs/cvt-13-224x224.yaml" MODEL.NUM_CLASSES 1000 TRAIN.IMAGE_SIZE '[224, 224]' TRAIN.BATCH_SIZE_PER_GPU 8
single() {  # a backbone of MODEL.NAME $1 with preset $2, one view of 224 x 224, 1000 classes, batch 8
  run --cfg "$configs/cvt-13-224x224.yaml" MODEL.NAME "$1" MODEL.SPEC.PRESET "$2" MODEL.NUM_CLASSES 1000 \
      TRAIN.IMAGE_SIZE '[224, 224]' TRAIN.BATCH_SIZE_PER_GPU 8
}
single vit vit_small_patch16
single crossformer crossformer_t
single unireplknet unireplknet_t
python=${PYTHON:-/usr/bin/python3}
if [ -n "${CVT_REPO:-}" ] && "$python" -c 'import torch' 2>/dev/null; then
  "$python" tools/torch-bench/bench_cvt.py --cvt-repo "$CVT_REPO" --views 6 --size 64 --batch 8 --classes 2 --steps "$steps" 2>/dev/null
  "$python" tools/torch-bench/bench_cvt.py --cvt-repo "$CVT_REPO" --views 1 --size 224 --batch 8 --classes 1000 --steps "$steps" 2>/dev/null
fi
if "$python" -c 'import torch, timm' 2>/dev/null || "$python" -c 'import sys; sys.path.insert(0, "tools/backbone-equivalence"); import torchvision_stub, timm' 2>/dev/null; then
  "$python" tools/torch-bench/bench_vit.py --size 224 --batch 8 --classes 1000 --steps "$steps" 2>/dev/null
fi
authors() {  # the authors' model file $2 as model $1 in PyTorch
  "$python" tools/torch-bench/bench_authors.py --model "$1" --source "$2" --steps "$steps" 2>/dev/null | grep '^torch'
}
if [ -n "${CROSSFORMER_PY:-}" ]; then authors crossformer_t "$CROSSFORMER_PY"; fi
if [ -n "${UNIREPLKNET_PY:-}" ]; then authors unireplknet_t "$UNIREPLKNET_PY"; fi
echo "machine: $(nproc) cores; each row is a separate JVM; $steps timed steps after 2 warm-up steps"
