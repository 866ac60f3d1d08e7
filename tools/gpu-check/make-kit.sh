#!/usr/bin/env bash
# Builds, on a development machine (JDK 17, Maven, the DJL and CvT mirrors), everything the GPU
# check needs on a bare GPU box that has no Java, no Maven and no network:
#
#   OUT_DIR/jre.tar.xz  a jlink'ed Java runtime with only the modules the runtime needs
#   OUT_DIR/jars/       the thin class path: cvt-runtime's jar + its runtime dependencies, without
#                       any ai.djl.pytorch:pytorch-native-* or pytorch-jni jar (DJL gets libtorch
#                       and the JNI from the box instead)
#   OUT_DIR/classes/    EngineInfo.class (tools/gpu-check/EngineInfo.java)
#   OUT_DIR/djl/        DJL v0.32.0's JNI sources (git archive of the fetched mirror), the JNI header
#                       made by `javac -h`, and jni.h/jni_md.h (the jlink runtime has no headers)
#   OUT_DIR/cvt/        lib/models/cls_cvt.py of the original CvT repository (for torch_table.py)
#   OUT_DIR/configs/    the reference experiment files (CvT-13)
#   OUT_DIR/sample/     the sample project's recordings and experiment files (agmel)
#
#   tools/gpu-check/make-kit.sh [OUT_DIR]        (default tools/gpu-check/kit, ignored by git)
#
# Environment: DJL_MIRROR (git dir of deepjavalibrary/djl, default /work/.mirror/deepjavalibrary+djl/repo),
# CVT_MIRROR (git dir of microsoft/CvT, default /work/.mirror/microsoft+CvT/repo), SEED_CONFIGS
# (default ../shared/data/seed-configs from the repository root), MAKE_KIT_SKIP_BUILD=1 to use the
# runtime already built in cvt-runtime/target.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/kit}"
djl_mirror="${DJL_MIRROR:-/work/.mirror/deepjavalibrary+djl/repo}"
cvt_mirror="${CVT_MIRROR:-/work/.mirror/microsoft+CvT/repo}"
seed_configs="${SEED_CONFIGS:-$root/../shared/data/seed-configs}"
djl_tag=v0.32.0
limit_mib=60

for d in "$djl_mirror" "$cvt_mirror"; do
  git --git-dir="$d" rev-parse --verify -q HEAD >/dev/null || {
    echo "make-kit: no git mirror at $d (the session tool: fetch github:deepjavalibrary/djl, github:microsoft/CvT)" >&2; exit 2; }
done
git --git-dir="$djl_mirror" rev-parse --verify -q "$djl_tag^{commit}" >/dev/null || { echo "make-kit: $djl_tag not in $djl_mirror" >&2; exit 2; }
[ -f "$seed_configs/cvt-13-224x224.yaml" ] || { echo "make-kit: no reference experiment files at $seed_configs" >&2; exit 2; }

# 1. the runtime and its dependency jars
cd "$root"
if [ "${MAKE_KIT_SKIP_BUILD:-0}" != 1 ]; then
  nice mvn -B -o -q -pl cvt-runtime package -DskipTests
  rm -rf cvt-runtime/target/deps
  nice mvn -B -o -q -pl cvt-runtime dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/deps
fi
rm -rf "$out"
mkdir -p "$out"/{jars,classes,djl/include,djl/jni-include/linux,cvt,configs,sample}
cp cvt-runtime/target/cvt-runtime-*.jar "$out/jars/"
rm -f "$out"/jars/*-sources.jar "$out"/jars/*-javadoc.jar
for jar in cvt-runtime/target/deps/*.jar; do
  case "$(basename "$jar")" in
    pytorch-native-*|pytorch-jni-*) ;;  # libtorch and the JNI come from the box
    *) cp "$jar" "$out/jars/" ;;
  esac
done
cp_jars=$(ls "$out"/jars/*.jar | paste -sd: -)
javac -d "$out/classes" -cp "$cp_jars" "$here/EngineInfo.java"

# 2. a Java runtime with the modules the class path uses (jdeps), plus what reflection/JNA/DJL load
#    at run time: jdk.unsupported (sun.misc.Unsafe: gson, protobuf), jdk.zipfs (DJL's zip utils),
#    jdk.management (OperatingSystemMXBean); each once (jdeps may list some already)
mods=$(jdeps -q --ignore-missing-deps --multi-release 17 --print-module-deps --class-path "$cp_jars" "$out"/jars/cvt-runtime-*.jar "$out/classes" 2>/dev/null)
mods=$(echo "$mods,jdk.unsupported,jdk.zipfs,jdk.management" | tr ',' '\n' | sort -u | paste -sd, -)
echo "make-kit: jlink modules $mods"
# Sizes (JDK 17, Debian): --compress=2 gives 50 MiB (libjvm.so 24 MiB with its symbol table,
# lib/modules 23 MiB, zip-compressed); uncompressed modules + a stripped libjvm.so in a tar.xz
# is 16 MiB. run.sh unpacks it (tar -xJf, or Python's tarfile where xz is missing).
tmp=$(mktemp -d)
jlink --add-modules "$mods" --strip-debug --no-header-files --no-man-pages --compress=0 --output "$tmp/jre"
if command -v strip >/dev/null; then strip --strip-unneeded "$tmp/jre/lib/server/libjvm.so"; fi
"$tmp/jre/bin/java" -version 2>&1 | head -1
tar -C "$tmp" -cf - jre | nice xz -T2 -6 > "$out/jre.tar.xz"
rm -rf "$tmp"

# 3. DJL's JNI sources at v0.32.0 (only what the build uses), the JNI header, jni.h
git --git-dir="$djl_mirror" archive --format=tar.gz -o "$out/djl/djl-jni-src.tar.gz" "$djl_tag" \
  LICENSE engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
  engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java api/src/main/native
git --git-dir="$djl_mirror" rev-parse "$djl_tag^{commit}" > "$out/djl/COMMIT"
tmp=$(mktemp -d)
tar -xzf "$out/djl/djl-jni-src.tar.gz" -C "$tmp"
javac -h "$out/djl/include" -d "$tmp/classes" "$tmp/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
rm -rf "$tmp"
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
cp "$java_home/include/jni.h" "$out/djl/jni-include/"
cp "$java_home/include/linux/jni_md.h" "$out/djl/jni-include/linux/"

# 4. the original model code (torch_table.py), experiment files, sample project
git --git-dir="$cvt_mirror" archive HEAD LICENSE lib/models/cls_cvt.py | tar -x -C "$out/cvt"
git --git-dir="$cvt_mirror" rev-parse HEAD > "$out/cvt/COMMIT"
cp "$seed_configs"/cvt-13-224x224.yaml "$seed_configs"/cvt-ag-dim6.yaml "$out/configs/"
cp -r sample-project/recordings sample-project/src "$out/sample/"
git -C "$root" rev-parse HEAD > "$out/RUNTIME_COMMIT"

# 5. sizes
echo "make-kit: $out"
du -sh "$out"/* | sed 's#'"$out"'/##'
total_kib=$(du -sk "$out" | cut -f1)
echo "make-kit: total $((total_kib / 1024)) MiB ($total_kib KiB)"
[ "$total_kib" -le $((limit_mib * 1024)) ] || { echo "make-kit: more than $limit_mib MiB: will not travel in one call (64 MiB)" >&2; exit 1; }
