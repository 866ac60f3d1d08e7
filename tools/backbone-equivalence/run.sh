#!/usr/bin/env bash
# Compares the DJL backbones (cvt-runtime) with their reference PyTorch code on the same random weights:
# cls_cvt with microsoft/CvT's cls_cvt.py (dw_bn, avg, linear projections), vit with timm's
# VisionTransformer, cas_vit with the authors' rcvit.py, crossformer with the authors' crossformer.py,
# unireplknet with the authors' unireplknet.py (also folded: our inference form against their deploy
# mode), each at a square and a non-square size, and the ViT fed another size than it was built for
# (resampled position embeddings, padded patches).
# Usage: tools/backbone-equivalence/run.sh   (from the repository root; needs cvt-runtime/target/cvt-runtime.jar)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${VENV:-/tmp/eqvenv}
WORK=${WORK:-/tmp/backbone-equivalence}
CVT_GIT=${CVT_GIT:-/work/.mirror/microsoft+CvT/repo}
CASVIT_GIT=${CASVIT_GIT:-/work/.mirror/Tianfang-Zhang+CAS-ViT/repo}
CROSSFORMER_GIT=${CROSSFORMER_GIT:-/work/.mirror/cheerss+CrossFormer/repo}
UNIREPLKNET_GIT=${UNIREPLKNET_GIT:-/work/.mirror/AILab-CVC+UniRepLKNet/repo}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install torch numpy einops pyyaml timm
  "$VENV/bin/pip" uninstall -y torchvision || true   # see torchvision_stub.py
fi
rm -rf "$WORK" && mkdir -p "$WORK"
git --git-dir="$CVT_GIT" show HEAD:lib/models/cls_cvt.py > "$WORK/cls_cvt.py"
git --git-dir="$CASVIT_GIT" show HEAD:classification/model/rcvit.py > "$WORK/rcvit.py"
git --git-dir="$CROSSFORMER_GIT" show HEAD:models/crossformer.py > "$WORK/crossformer.py"
git --git-dir="$UNIREPLKNET_GIT" show HEAD:unireplknet.py > "$WORK/unireplknet.py"
cd "$ROOT"
dump() { nice -n 19 java -cp cvt-runtime/target/cvt-runtime.jar tools/backbone-equivalence/DumpBackbone.java "$WORK/$1" "${@:2}"; }
CVT=(MODEL.NAME cls_cvt MODEL.SPEC.NUM_STAGES 2 MODEL.SPEC.PATCH_SIZE "[7, 3]" MODEL.SPEC.PATCH_STRIDE "[4, 2]"
     MODEL.SPEC.PATCH_PADDING "[2, 1]" MODEL.SPEC.DIM_EMBED "[16, 32]" MODEL.SPEC.NUM_HEADS "[1, 2]" MODEL.SPEC.DEPTH "[1, 2]"
     MODEL.SPEC.MLP_RATIO "[4.0, 4.0]" MODEL.SPEC.ATTN_DROP_RATE "[0.0, 0.0]" MODEL.SPEC.DROP_RATE "[0.0, 0.0]"
     MODEL.SPEC.DROP_PATH_RATE "[0.0, 0.0]" MODEL.SPEC.QKV_BIAS "[true, true]" MODEL.SPEC.CLS_TOKEN "[false, true]"
     MODEL.SPEC.POS_EMBED "[false, false]" MODEL.SPEC.KERNEL_QKV "[3, 3]" MODEL.SPEC.PADDING_KV "[1, 1]"
     MODEL.SPEC.STRIDE_KV "[2, 2]" MODEL.SPEC.PADDING_Q "[1, 1]" MODEL.SPEC.STRIDE_Q "[1, 1]")
for m in dw_bn avg linear; do dump cvt-$m 32x32 32x32 "${CVT[@]}" MODEL.SPEC.QKV_PROJ_METHOD "[$m, $m]"; done
dump cvt-dw_bn-nonsquare 33x47 33x47 "${CVT[@]}" MODEL.SPEC.QKV_PROJ_METHOD "[dw_bn, dw_bn]"
VIT=(MODEL.NAME vit MODEL.SPEC.PATCH_SIZE 8 MODEL.SPEC.EMBED_DIM 32 MODEL.SPEC.DEPTH 2 MODEL.SPEC.NUM_HEADS 2)
dump vit-token 32x32 32x32 "${VIT[@]}"
dump vit-avg-nonsquare 40x24 40x24 "${VIT[@]}" MODEL.SPEC.GLOBAL_POOL avg MODEL.SPEC.CLASS_TOKEN false
dump vit-token-resampled 32x32 44x60 "${VIT[@]}"
dump vit-avg-downsampled 48x40 24x32 "${VIT[@]}" MODEL.SPEC.GLOBAL_POOL avg
CAS=(MODEL.NAME cas_vit MODEL.SPEC.LAYERS "[1, 2]" MODEL.SPEC.EMBED_DIMS "[16, 24]" MODEL.SPEC.DOWNSAMPLES "[true, true]")
dump casvit 32x32 32x32 "${CAS[@]}"
dump casvit-nonsquare-nodist 40x56 40x56 "${CAS[@]}" MODEL.SPEC.DISTILLATION false
# 48x48: grids 12, 6, 3 that need no padding (the last one group of 3); 44x84: grids 11x21, 5x10, 2x5,
# padded and masked in every stage (short- and long-distance), odd sides merged, the last stage's groups shrunk to 2
CF=(MODEL.NAME crossformer MODEL.SPEC.EMBED_DIM 32 MODEL.SPEC.DEPTHS "[2, 2, 2]" MODEL.SPEC.NUM_HEADS "[1, 2, 4]"
    MODEL.SPEC.GROUP_SIZE "[3, 3, 3]" MODEL.SPEC.INTERVAL "[4, 2, 1]" MODEL.SPEC.PATCH_SIZE "[4, 8]"
    MODEL.SPEC.MERGE_SIZE "[[2, 4], [2, 4]]" MODEL.SPEC.MLP_RATIO 2.0 MODEL.SPEC.DROP_PATH_RATE 0.0)
dump crossformer 48x48 48x48 "${CF[@]}"
dump crossformer-nonsquare-padded 44x84 44x84 "${CF[@]}"
# four stages of widths 8 to 16 with every kind of block: depthwise 3 and 5, dilated re-parameterisation 7 to 17;
# 64x64, not 32x32: at 32x32 the last map is 1x1 and train-mode BatchNorm over 4 values makes float32 gradients
# ill-conditioned (PyTorch's own differ from float64 by 5.5e-4 there, ours by 4.7e-4)
URLK=(MODEL.NAME unireplknet MODEL.SPEC.DEPTHS "[2, 2, 3, 2]" MODEL.SPEC.DIMS "[8, 8, 16, 16]"
      MODEL.SPEC.KERNEL_SIZES "[[3, 5], [7, 9], [11, 13, 3], [15, 17]]")
dump unireplknet 64x64 64x64 "${URLK[@]}"
dump unireplknet-nonsquare 48x82 48x82 "${URLK[@]}"
CLS_CVT_PY="$WORK/cls_cvt.py" RCVIT_PY="$WORK/rcvit.py" CROSSFORMER_PY="$WORK/crossformer.py" UNIREPLKNET_PY="$WORK/unireplknet.py" \
  nice -n 19 "$VENV/bin/python" tools/backbone-equivalence/compare.py "$WORK"/*/
