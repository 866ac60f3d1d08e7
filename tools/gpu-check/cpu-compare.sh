#!/usr/bin/env bash
# One table, one machine state: CvT-13 training/inference samples/s on this machine's CPU with
#   1. cvt-runtime `bench` on DJL 0.32's bundled natives (pytorch-native-cpu 2.5.1, the shaded jar),
#   2. cvt-runtime `bench` on DJL 0.32 with the kit's JNI on a Python wheel's libtorch (2.13),
#   3. PyTorch eager (same wheel) on the original model code (torch_table.py -> bench_cvt.py),
# interleaved setting by setting (and ROUNDS times), at the two reference settings:
# 6 views x 64x64 batch 8 (2 classes) and 1 view x 224x224 batch 8 (1000 classes).
#
#   tools/gpu-check/cpu-compare.sh [STEPS]        (default 5 timed steps after 2 warm-up steps)
#
# Needs (from the repository root): mvn -B -o -q -pl cvt-runtime package -DskipTests and
# mvn -B -o -q -pl cvt-runtime dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/deps
# Environment: TORCH_PY (default /tmp/torch213/bin/python), DJL_ENGINE (build-jni.sh's --out,
# default /tmp/djl213; built when missing), CVT_REPO (a folder with lib/models/cls_cvt.py of the
# original CvT repository; default tools/gpu-check/kit/cvt from make-kit.sh), ROUNDS (default 1),
# SETTINGS (VIEWS,SIZE,BATCH,CLASSES list, default "6,64,8,2 1,224,8,1000"), SEED_CONFIGS (default
# ../shared/data/seed-configs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
steps=${1:-5}
py="${TORCH_PY:-/tmp/torch213/bin/python}"
engine="${DJL_ENGINE:-/tmp/djl213}"
cvt="${CVT_REPO:-$here/kit/cvt}"
rounds="${ROUNDS:-1}"
configs="${SEED_CONFIGS:-$root/../shared/data/seed-configs}"
jar=cvt-runtime/target/cvt-runtime.jar
[ -f "$jar" ] && [ -d cvt-runtime/target/deps ] || { sed -n 11,12p "$0" >&2; exit 2; }
[ -f "$cvt/lib/models/cls_cvt.py" ] || { echo "cpu-compare: no $cvt/lib/models/cls_cvt.py (CVT_REPO, or make-kit.sh)" >&2; exit 2; }
if [ ! -f "$engine/env.sh" ]; then
  tmp=$(mktemp -d)
  git --git-dir="${DJL_MIRROR:-/work/.mirror/deepjavalibrary+djl/repo}" archive --format=tar.gz -o "$tmp/src.tar.gz" v0.32.0 \
    LICENSE engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java api/src/main/native
  nice "$here/build-jni.sh" --python "$py" --src "$tmp/src.tar.gz" --out "$engine" --jobs 2
  rm -rf "$tmp"
fi
thin="cvt-runtime/target/classes:$(ls cvt-runtime/target/deps/*.jar | grep -v -E '/pytorch-(native|jni)-' | paste -sd: -)"
torch_version=$("$py" -c 'import torch; print(torch.__version__)')

bundled() { # the shaded jar, DJL's own natives; no PYTORCH_* in the environment
  env -u PYTORCH_LIBRARY_PATH -u PYTORCH_VERSION -u PYTORCH_FLAVOR -u ENGINE_CACHE_DIR \
    java -jar "$jar" bench --steps "$steps" "$@" 2>/dev/null | grep -E '^cpu\(' | tail -1
}
kit() { # thin class path, DJL pointed at the wheel's libtorch and the kit's JNI
  ( . "$engine/env.sh"; java -cp "$thin" dev.cvt.runtime.Main bench --steps "$steps" "$@" 2>/dev/null | grep -E '^cpu\(' | tail -1 )
}
row() { # LABEL "cpu() precision views image batch train infer rss [gpu]" (bench's line)
  local label=$1 d p v i b train infer rss
  read -r d p v i b train infer rss _ <<< "$2"
  printf '| %-44s | %5s | %7s | %5s | %12s | %12s | %12s |\n' "$label" "$v" "$i" "$b" "${train:-failed}" "$infer" "$rss"
}

echo "| runtime                                      | views |   image | batch | train samp/s | infer samp/s | peak RSS MiB |"
echo "|----------------------------------------------|------:|--------:|------:|-------------:|-------------:|-------------:|"
for ((r = 1; r <= rounds; r++)); do
  for s in ${SETTINGS:-6,64,8,2 1,224,8,1000}; do
    IFS=, read -r views size batch classes <<< "$s"
    if [ "$views" = 1 ]; then cfg="$configs/cvt-13-224x224.yaml"; else cfg="$configs/cvt-ag-dim6.yaml"; fi
    set -- --cfg "$cfg" MODEL.NUM_CLASSES "$classes" TRAIN.IMAGE_SIZE "[$size, $size]" TRAIN.BATCH_SIZE_PER_GPU "$batch"
    row "cvt-runtime, DJL bundled torch 2.5.1" "$(bundled "$@")"
    row "cvt-runtime, DJL + kit JNI, torch $torch_version" "$(kit "$@")"
    t=$("$py" "$here/torch_table.py" --cvt-repo "$cvt" --device cpu --setting "$s" --steps "$steps" --no-header 2>/dev/null | tail -1)
    IFS='|' read -r _ _rt _d v i b _p train infer peak _ <<< "$t"
    row "PyTorch $torch_version eager (original code)" "cpu float32 $v $i $b $train $infer $peak"
  done
done
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $steps timed steps after 2 warm-up steps, float32, AdamW; each row a separate process, rows interleaved"
