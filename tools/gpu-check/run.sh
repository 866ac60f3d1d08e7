#!/usr/bin/env bash
# The GPU check, run ON THE GPU BOX (no Java, no Maven, no network; CUDA toolkit, cmake, ninja, gcc,
# and a Python with a CUDA torch at /opt/torch/.venv). Needs the kit that make-kit.sh built on a
# development machine (default tools/gpu-check/kit; it travels as an ignored path).
#
#   tools/gpu-check/run.sh OUT_DIR
#
# Steps, each time-limited, the whole run within GPU_CHECK_BUDGET seconds (default 450):
#   jni     builds DJL 0.32's JNI against the box's torch (build-jni.sh, CUDA build, ninja -j16)
#   (a)     EngineInfo: the libtorch DJL loaded, GPU count, conv/LN/GELU/matmul CPU vs GPU
#   (b)     `cvt-runtime device-check`: same weights -> same logits on CPU and GPU (float32, TF32 off), and
#           the first training steps' losses on both, float32 and with AMP.ENABLED (float16 on the GPU)
#   (c)     `cvt-runtime bench` and PyTorch eager (torch_table.py, the original model code) at
#           6 views x 224 batch 32 and 1 view x 224 batch 64, float32 and AMP; train/infer samples/s
#           and peak GPU memory (nvidia-smi, whole device, sampled every 0.2 s)
#   (d)     the sample project's agmel experiment: melgen -> train -> test on the GPU, float32 and
#           AMP.ENABLED, gate 95 % top-1 and balanced accuracy, wall time
# Writes OUT_DIR/report.md (the tables), OUT_DIR/logs/*.log, OUT_DIR/jni-build/*.log.
#
# GPU_CHECK_CPU=1: the same plumbing on a machine without GPU: builds the JNI against TORCH_PY
# (default /tmp/torch213/bin/python), DEVICE cpu, small bench settings, -j2.
# Other environment: GPU_CHECK_KIT (kit folder), TORCH_PY, GPU_CHECK_WORK (scratch, default
# /tmp/gpu-check), GPU_CHECK_JOBS, GPU_CHECK_STEPS, GPU_CHECK_BUDGET, GPU_CHECK_REUSE_JNI=1 (keep a
# JNI already built in GPU_CHECK_WORK).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ $# -ge 1 ] || { sed -n 2,25p "$0" >&2; exit 2; }
mkdir -p "$1/logs"
out="$(cd "$1" && pwd)"
kit="${GPU_CHECK_KIT:-$here/kit}"
kit="$(cd "$kit" && pwd)" || { echo "run.sh: no kit (make-kit.sh)" >&2; exit 2; }
work="${GPU_CHECK_WORK:-/tmp/gpu-check}"
cpu_mode="${GPU_CHECK_CPU:-0}"
t0=$(date +%s)
if [ "$cpu_mode" = 1 ]; then
  py="${TORCH_PY:-/tmp/torch213/bin/python}"
  jobs="${GPU_CHECK_JOBS:-2}"; steps="${GPU_CHECK_STEPS:-2}"; budget="${GPU_CHECK_BUDGET:-900}"
  dev=cpu; tdev=cpu
  # views,size,batch,classes: small, so that the dry run stays short on 2 cores
  settings=("6,64,4,2" "1,96,4,1000")
else
  py="${TORCH_PY:-/opt/torch/.venv/bin/python}"
  jobs="${GPU_CHECK_JOBS:-16}"; steps="${GPU_CHECK_STEPS:-20}"; budget="${GPU_CHECK_BUDGET:-450}"
  dev=gpu; tdev=cuda
  settings=("6,224,32,2" "1,224,64,1000")
fi
mkdir -p "$work"
report="$out/report.md"
steps_md="$out/.steps.md"
: > "$steps_md"

left() { echo $(( budget - ($(date +%s) - t0) )); }
# limit N: N seconds, or what is left of the budget (less a margin for the report)
limit() { local l; l=$(( $(left) - 15 )); [ "$l" -lt "$1" ] && echo "$l" || echo "$1"; }
# step NAME SECONDS CMD...: runs CMD under timeout, output to logs/NAME.log; records status and time
step() {
  local name=$1 secs; secs=$(limit "$2"); shift 2
  if [ "$secs" -lt 10 ]; then
    echo "| $name | skipped (time budget spent) | 0 |" >> "$steps_md"; echo "run.sh: $name skipped" >&2; return 124
  fi
  local s; s=$(date +%s%N)
  timeout --kill-after=10 "$secs" "$@" > "$out/logs/$name.log" 2>&1
  local rc=$?
  local ms=$(( ($(date +%s%N) - s) / 1000000 ))
  local wall="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
  local status=ok
  [ $rc -eq 0 ] || status="exit $rc"
  [ $rc -eq 124 ] || [ $rc -eq 137 ] && status="timed out after ${secs}s"
  echo "| $name | $status | $wall |" >> "$steps_md"
  echo "run.sh: $name: $status (${wall}s)" >&2
  return $rc
}

# GPU memory: nvidia-smi's used memory of GPU 0, sampled while a command runs; prints the peak
# above the level before it started (MiB), or "-" without nvidia-smi
gpu_used() { nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 2>/dev/null | head -1 | tr -d ' '; }
with_gpu_peak() { # FILE CMD...: writes the peak to FILE
  local file=$1; shift
  if [ "$dev" != gpu ] || ! command -v nvidia-smi >/dev/null; then echo "-" > "$file"; "$@"; return; fi
  local base; base=$(gpu_used)
  [[ "$base" =~ ^[0-9]+$ ]] || base=0
  ( peak=0; while :; do u=$(gpu_used); [[ "$u" =~ ^[0-9]+$ ]] && [ "$u" -gt "$peak" ] && { peak=$u; echo $((peak - base)) > "$file"; }; sleep 0.2; done ) &
  local sampler=$!
  "$@"; local rc=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  [ -s "$file" ] || echo "-" > "$file"
  return $rc
}

# ---- the Java runtime of the kit
jre="$work/jre"
if [ ! -f "$jre/.unpacked" ] || [ "$kit/jre.tar.xz" -nt "$jre/.unpacked" ]; then
  rm -rf "$jre"
  if command -v xz >/dev/null; then tar -C "$work" -xJf "$kit/jre.tar.xz"
  else "$py" -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$kit/jre.tar.xz" "$work"; fi
  touch "$jre/.unpacked"
fi
java="$jre/bin/java"
cp_kit="$kit/classes:$kit/jars/*"

# ---- box facts
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "host: $(hostname) ($(nproc) cores, $(free -g 2>/dev/null | awk '/Mem:/ {print $2 " GiB"}'))"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader -i 0 | sed 's/^/gpu: /'
  echo "torch: $("$py" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1)"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "runtime commit: $(cat "$kit/RUNTIME_COMMIT" 2>/dev/null)"
  echo "cmake: $(cmake --version 2>/dev/null | head -1); ninja: $(ninja --version 2>/dev/null); gcc: $(gcc -dumpfullversion 2>/dev/null); nvcc: $(nvcc --version 2>/dev/null | tail -1)"
} > "$out/box.txt" 2>&1

# ---- jni: DJL's JNI against the box's torch
jni="$work/djl-engine"
if [ "${GPU_CHECK_REUSE_JNI:-0}" = 1 ] && [ -f "$jni/env.sh" ]; then
  echo "| jni | reused $jni | 0 |" >> "$steps_md"
else
  rm -f "$jni/env.sh"
  step jni 300 "$here/build-jni.sh" --python "$py" --src "$kit/djl/djl-jni-src.tar.gz" --out "$jni" \
    --header-dir "$kit/djl/include" --jni-include "$kit/djl/jni-include" --jobs "$jobs" --patch "$here/djl-jni.patch"
  mkdir -p "$out/jni-build"; cp "$jni"/jni-build/*.log "$out/jni-build/" 2>/dev/null
fi
if [ ! -f "$jni/env.sh" ]; then
  { echo "# GPU check"; echo; sed 's/^/    /' "$out/box.txt"; echo; echo "The JNI build failed: see logs/jni.log and jni-build/."; } > "$report"
  exit 1
fi
# shellcheck disable=SC1091
. "$jni/env.sh"
export DJL_CACHE_DIR="$work/djl-cache"
# a command line, not a function: `timeout` runs it
jrun=("$java" -Xmx8g -cp "$cp_kit")

# ---- (a) engine and GPU
step engine 60 "${jrun[@]}" EngineInfo "$dev"
if [ "$dev" = gpu ]; then step engine-notf32 60 env NVIDIA_TF32_OVERRIDE=0 "$java" -cp "$cp_kit" EngineInfo gpu; fi

# ---- (b) device-check: float32 with TF32 off (cuDNN convolutions use TF32 by default, about 1e-3 off;
# DJL has no switch for it, the variable turns it off process-wide), then AMP (float16 on the GPU)
step device-check 120 env NVIDIA_TF32_OVERRIDE=0 "${jrun[@]}" dev.cvt.runtime.Main device-check \
  --cfg "$kit/configs/cvt-13-224x224.yaml" --steps 5 DEVICE "$dev" MODEL.NUM_CLASSES 1000 TRAIN.IMAGE_SIZE '[224, 224]' \
  TRAIN.BATCH_SIZE_PER_GPU 8

# ---- (c) bench: cvt-runtime (DJL on the box's libtorch) and PyTorch eager, side by side
rows="$out/.rows.md"
: > "$rows"
if [ "$tdev" = cuda ]; then torch_peak="peak allocated"; amp_dtype=float16; else torch_peak="peak RSS"; amp_dtype=bfloat16; fi
bench_pair() { # SETTING AMP(false|true): one cvt-runtime row, one torch row
  local s=$1 amp=$2 views size batch classes cfg name line a
  IFS=, read -r views size batch classes <<< "$s"
  if [ "$views" = 1 ]; then cfg="$kit/configs/cvt-13-224x224.yaml"; else cfg="$kit/configs/cvt-ag-dim6.yaml"; fi
  name="bench-djl-${views}v${size}b${batch}-amp$amp"
  with_gpu_peak "$out/logs/$name.gpu" step "$name" 120 "${jrun[@]}" dev.cvt.runtime.Main bench --cfg "$cfg" --steps "$steps" \
    DEVICE "$dev" AMP.ENABLED "$amp" DATASET.NUM_DIMS "$views" MODEL.NUM_CLASSES "$classes" \
    TRAIN.IMAGE_SIZE "[$size, $size]" TRAIN.BATCH_SIZE_PER_GPU "$batch"
  line=$(grep -E '^(gpu|cpu)\(' "$out/logs/$name.log" | tail -1)
  if [ -n "$line" ]; then
    local _d precision _v _i _b train infer rss gpu macs tflops
    read -r _d precision _v _i _b train infer rss gpu <<< "$line"
    # achieved rate: a training step is about 3 forward passes (forward, two products in backward), 2 FLOPs a MAC
    macs=$(grep -oE '[0-9.]+ G per sample' "$out/logs/$name.log" | tail -1 | cut -d' ' -f1)
    tflops=$(awk -v s="$train" -v m="${macs:-0}" 'BEGIN { printf "%.1f", s * m * 6 / 1000 }')
    echo "| cvt-runtime (DJL 0.32, torch $PYTORCH_VERSION) | $views | ${size}x${size} | $batch | $precision | $train | $infer | $(cat "$out/logs/$name.gpu") | host RSS $rss MiB, CUDA in use $gpu MiB, training ≈ $tflops TFLOP/s |" >> "$rows"
  else
    echo "| cvt-runtime (DJL 0.32, torch $PYTORCH_VERSION) | $views | ${size}x${size} | $batch | AMP.ENABLED $amp | failed | see logs/$name.log | | |" >> "$rows"
  fi
  name="bench-torch-${views}v${size}b${batch}-amp$amp"
  if [ "$amp" = true ]; then a=on; else a=off; fi
  with_gpu_peak "$out/logs/$name.gpu" step "$name" 120 "$py" "$here/torch_table.py" --cvt-repo "$kit/cvt" --device "$tdev" \
    --setting "$s" --amp "$a" --amp-dtype "$amp_dtype" --steps "$steps" --no-header
  line=$(grep '^| torch' "$out/logs/$name.log" | tail -1)
  if [ -n "$line" ]; then
    local _x rt _dd v i b prec train infer peak
    IFS='|' read -r _x rt _dd v i b prec train infer peak _x <<< "$line"
    echo "|$rt|$v|$i|$b|$prec|$train|$infer| $(cat "$out/logs/$name.gpu") | $torch_peak $(echo "$peak" | tr -d ' ') MiB |" >> "$rows"
  else
    echo "| torch eager | $views | ${size}x${size} | $batch | amp $a | failed | see logs/$name.log | | |" >> "$rows"
  fi
}
# float32 first, then the sample project, then AMP: what matters most comes first within the budget
for s in "${settings[@]}"; do bench_pair "$s" false; done

# ---- (d) the sample project's agmel experiment, trained to its gate: float32 here, AMP below
sample="$work/sample"
rm -rf "$sample"; cp -r "$kit/sample" "$sample"
agmel=(env --chdir="$sample" "${jrun[@]}" dev.cvt.runtime.Main)
cfg=src/main/cvt/agmel.yaml
gate_of() { # EVALUATION_JSON
  "$py" - "$1" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))
ok = e["top1"] >= 95 and e["balanced_accuracy"] >= 95
print("%s: top-1 %.2f %%, balanced %.2f %% on %d held-out samples (gate 95 / 95)"
      % ("PASS" if ok else "FAIL", e["top1"], e["balanced_accuracy"], e["samples"]))
EOF
}
gate="not reached"
gate_amp="not reached"
melgen_ok=0
if step agmel-melgen 60 "${agmel[@]}" melgen --cfg $cfg; then
  melgen_ok=1
  if step agmel-train 240 "${agmel[@]}" train --cfg $cfg DEVICE "$dev" &&
     step agmel-test 60 "${agmel[@]}" test --cfg $cfg --evaluation-out "$out/agmel-evaluation.json" DEVICE "$dev"; then
    gate=$(gate_of "$out/agmel-evaluation.json")
  fi
fi

# ---- (c), (d) and (b) continued: AMP
for s in "${settings[@]}"; do bench_pair "$s" true; done
if [ "$melgen_ok" = 1 ]; then
  if step agmel-amp-train 240 "${agmel[@]}" train --cfg $cfg DEVICE "$dev" NAME agmel-amp AMP.ENABLED true &&
     step agmel-amp-test 60 "${agmel[@]}" test --cfg $cfg --evaluation-out "$out/agmel-amp-evaluation.json" DEVICE "$dev" \
       NAME agmel-amp AMP.ENABLED true; then
    gate_amp=$(gate_of "$out/agmel-amp-evaluation.json")
  fi
fi
step device-check-amp 120 "${jrun[@]}" dev.cvt.runtime.Main device-check --cfg "$kit/configs/cvt-13-224x224.yaml" --steps 5 \
  DEVICE "$dev" AMP.ENABLED true MODEL.NUM_CLASSES 1000 TRAIN.IMAGE_SIZE '[224, 224]' TRAIN.BATCH_SIZE_PER_GPU 8

# ---- the report
{
  echo "# GPU check: cvt-runtime on DJL 0.32 with the box's libtorch"
  echo
  echo '```'; cat "$out/box.txt"; echo "DJL: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR"; echo '```'
  echo
  echo "## Steps"
  echo
  echo "| step | status | wall s |"
  echo "|---|---|---:|"
  cat "$steps_md"
  echo
  echo "Total: $(( $(date +%s) - t0 )) s (budget $budget s)."
  echo
  echo "## (a) Engine"
  echo
  echo '```'; grep -E '^(djl|pytorch|libtorch|gpus|default device|check):' "$out/logs/engine.log"
  [ -f "$out/logs/engine-notf32.log" ] && grep '^check:' "$out/logs/engine-notf32.log" | sed 's/^check:/check with NVIDIA_TF32_OVERRIDE=0:/'
  grep -m1 -iE 'exception|error' "$out/logs/engine.log"; echo '```'
  echo
  echo "## (b) device-check"
  echo
  echo '```'; grep -A12 '^device-check:' "$out/logs/device-check.log" || tail -5 "$out/logs/device-check.log"; echo '```'
  echo
  echo "With AMP.ENABLED true (float16 training on the GPU against float32 on the CPU):"
  echo
  echo '```'; grep -A12 '^device-check:' "$out/logs/device-check-amp.log" 2>/dev/null || tail -5 "$out/logs/device-check-amp.log" 2>/dev/null; echo '```'
  echo
  echo "## (c) Bench (CvT-13, AdamW, random data, $steps timed steps after 2 warm-up steps)"
  echo
  echo "| runtime | views | image | batch | precision | train samp/s | infer samp/s | GPU MiB (nvidia-smi, peak above idle) | other |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|---|"
  cat "$rows"
  echo
  echo "cvt-runtime rows: one JVM each; the GPU column includes the CUDA context. torch rows: one process each; 'peak allocated' is torch.cuda.max_memory_allocated (tensors only). AMP: torch.autocast $amp_dtype (+ GradScaler for float16); TFLOP/s: train samples/s × MACs per sample × 6 (the H200 peaks this project works with: about 60 TFLOP/s float32, 790 float16/bfloat16, dense); cvt-runtime float16: the model holds float16 weight copies, float32 masters in the optimizer, dynamic loss scaling (README: GPUs and mixed precision); on a CPU AMP.ENABLED is not applied (float32)."
  echo
  echo "## (d) Sample project, agmel experiment (melgen -> train -> test, DEVICE $dev)"
  echo
  echo "- float32: $gate"
  echo "- AMP.ENABLED true: $gate_amp"
  echo
  grep -h -E '^=> TEST val|^baseline' "$out/logs/agmel-test.log" "$out/logs/agmel-amp-test.log" 2>/dev/null | sed 's/^/    /'
} > "$report"
rm -f "$steps_md" "$rows"
echo "run.sh: $report ($(( $(date +%s) - t0 )) s)" >&2
