#!/usr/bin/env bash
# Builds DJL 0.32.0's PyTorch JNI library (libdjl_torch.so) against the libtorch inside a Python
# `torch` install, and lays it out where DJL's LibUtils looks for it (see README.md, "Pointing DJL at
# a local libtorch").
#
#   build-jni.sh --python PY --src DJL_SRC.tar.gz --out DIR [--header-dir H] [--jni-include J]
#                [--jobs N] [--cuda auto|on|off] [--patch FILE] [--work DIR]
#
# --python  the Python whose `torch` to build against (its torch/lib is the libtorch DJL will load)
# --src     archive of the DJL sources (make-kit.sh writes it: `git archive v0.32.0` of
#           engines/pytorch/pytorch-native, PyTorchLibrary.java, api/src/main/native)
# --out     the engine cache dir to fill (becomes ENGINE_CACHE_DIR): the library goes to
#           DIR/pytorch/<torch version>-<flavor>-linux-x86_64/0.32.0-libdjl_torch.so,
#           and DIR/env.sh gets the variables that point DJL at it
# --header-dir  folder holding ai_djl_pytorch_jni_PyTorchLibrary.h (made with `javac -h`); without
#           it, javac must be on the PATH
# --jni-include folder with jni.h and linux/jni_md.h (or jni_md.h); default: $JAVA_HOME/include
# --cuda    auto (default): a CUDA build (-DUSE_CUDA) when torch has CUDA and nvcc is found; if that
#           configure/build fails, a CPU-API build follows (GPU tensors still work with it; only
#           PyTorchLibrary.torchCudaEmptyCache and inference on a separate CUDA stream need USE_CUDA)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py="" src="" out="" hdr="" jniinc="" jobs=2 cuda=auto patchfile="$here/djl-jni.patch" work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --python) py=$2; shift 2 ;;
    --src) src=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --header-dir) hdr=$2; shift 2 ;;
    --jni-include) jniinc=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --cuda) cuda=$2; shift 2 ;;
    --patch) patchfile=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "build-jni.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$py" ] && [ -n "$src" ] && [ -n "$out" ] || { sed -n 2,20p "$0" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work=${work:-$out/jni-build}
rm -rf "$work"
mkdir -p "$work/src"

# what the torch install is: version (2.13.0), CUDA (13.0 or None), C++ ABI, cmake prefix, lib dir
eval "$("$py" - <<'EOF'
import os, torch
print("torch_version=%s" % torch.__version__.split("+")[0])
print("torch_full=%s" % torch.__version__)
print("torch_cuda=%s" % (torch.version.cuda or ""))
print("torch_abi=%d" % int(torch._C._GLIBCXX_USE_CXX11_ABI))
print("torch_cmake=%s" % torch.utils.cmake_prefix_path)
print("torch_lib=%s" % os.path.join(os.path.dirname(torch.__file__), "lib"))
EOF
)"
echo "build-jni: torch $torch_full (CUDA ${torch_cuda:-none}, _GLIBCXX_USE_CXX11_ABI=$torch_abi) at $torch_lib"

tar -xzf "$src" -C "$work/src"
native="$work/src/engines/pytorch/pytorch-native"
if [ -f "$patchfile" ]; then
  (cd "$work/src" && patch -p1 --forward --quiet < "$patchfile")
fi

# the JNI header: DJL's build.sh makes it with `javac -h` from PyTorchLibrary.java into build/include
mkdir -p "$native/build/include"
if [ -n "$hdr" ]; then
  cp "$hdr/ai_djl_pytorch_jni_PyTorchLibrary.h" "$native/build/include/"
else
  javac -h "$native/build/include" -d "$work/classes" \
    "$work/src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
fi
if [ -z "$jniinc" ]; then
  jniinc="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}/include"
fi
jnimd="$jniinc/linux"
[ -f "$jnimd/jni_md.h" ] || jnimd="$jniinc"
[ -f "$jniinc/jni.h" ] && [ -f "$jnimd/jni_md.h" ] || { echo "build-jni: no jni.h/jni_md.h under $jniinc" >&2; exit 2; }

gen=()
command -v ninja >/dev/null && gen=(-G Ninja)

configure_and_build() { # $1 = 1 for a CUDA build, 0 for a CPU-API build
  local b="$work/build-$1" flags=()
  if [ "$1" = 1 ]; then
    flags=(-DUSE_CUDA=1)
    # the wheel's Caffe2 config looks for the CUDA toolkit; nvcc on the PATH or in /usr/local/cuda
    local nvcc; nvcc=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
    flags+=(-DCMAKE_CUDA_COMPILER="$nvcc" -DCUDAToolkit_ROOT="$(dirname "$(dirname "$(readlink -f "$nvcc")")")")
  fi
  cmake "${gen[@]}" -S "$native" -B "$b" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$torch_cmake" \
    -DJAVA_INCLUDE_PATH="$jniinc" -DJAVA_INCLUDE_PATH2="$jnimd" \
    -DJAVA_AWT_INCLUDE_PATH=NotNeeded -DJAVA_JVM_LIBRARY=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded \
    "${flags[@]}" > "$b.configure.log" 2>&1 || { tail -30 "$b.configure.log" >&2; return 1; }
  # DJL's build.sh drops the CUDA runtime/nvrtc of the build machine from the link line: the JNI
  # must use the ones libtorch_cuda already loaded (same soname, from the wheel's nvidia packages)
  if [ "$1" = 1 ]; then
    for f in "$b/build.ninja" "$b/CMakeFiles/djl_torch.dir/link.txt"; do
      [ -f "$f" ] && sed -i -r 's#[^ ]*/lib(64)?/(stubs/)?lib(cudart|nvrtc)\.so[^ ]*##g' "$f"
    done
  fi
  cmake --build "$b" -j "$jobs" > "$b.build.log" 2>&1 || { grep -m20 -A5 'error' "$b.build.log" >&2 || tail -40 "$b.build.log" >&2; return 1; }
  built="$b/libdjl_torch.so"
}

use_cuda=0
if [ -n "$torch_cuda" ] && [ "$cuda" != off ] && { command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; }; then
  use_cuda=1
fi
[ "$cuda" = on ] && use_cuda=1
built=""
if [ "$use_cuda" = 1 ]; then
  if ! configure_and_build 1; then
    [ "$cuda" = on ] && { echo "build-jni: the CUDA build failed" >&2; exit 1; }
    echo "build-jni: the CUDA build failed (logs in $work); building without USE_CUDA" >&2
    use_cuda=0
  fi
fi
[ -n "$built" ] || configure_and_build 0 || { echo "build-jni: build failed (logs in $work)" >&2; exit 1; }

# where DJL 0.32's LibUtils.findJniLibrary looks when PYTORCH_LIBRARY_PATH names a libtorch folder
# without a JNI in it: ENGINE_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-<classifier>/<djl version>-libdjl_torch.so
if [ -n "$torch_cuda" ]; then
  flavor="cu$(echo "$torch_cuda" | tr -d .)"
else
  flavor=cpu
fi
[ "$torch_abi" = 1 ] || flavor="$flavor-precxx11"
dest="$out/pytorch/$torch_version-$flavor-linux-x86_64"
mkdir -p "$dest"
cp "$built" "$dest/0.32.0-libdjl_torch.so"
# libraries in torch/lib that are no part of libtorch (tests, AOT examples): DJL's LibUtils would
# System.load every *.so in the folder; libtorch_python needs a Python interpreter (DJL skips names
# with "torch_" anyway)
exclude=$(cd "$torch_lib" && ls | grep -E '^lib(aoti_custom_ops|backend_with_compiler|jitbackend_test|torchbind_test|shm)\.so$' | paste -sd, -)
cat > "$out/env.sh" <<EOF
# made by tools/gpu-check/build-jni.sh: DJL 0.32 on the libtorch of $py (torch $torch_full)
export PYTORCH_LIBRARY_PATH="$torch_lib"
export PYTORCH_VERSION="$torch_version"
export PYTORCH_FLAVOR="$flavor"
export PYTORCH_LIBRARY_EXCLUSION="$exclude"
export ENGINE_CACHE_DIR="$out"
export DJL_OFFLINE=true
EOF
echo "build-jni: $(du -h "$dest/0.32.0-libdjl_torch.so" | cut -f1) $dest/0.32.0-libdjl_torch.so (USE_CUDA=$use_cuda); source $out/env.sh"
