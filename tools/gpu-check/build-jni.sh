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
# absolute paths: the script changes folders
abs() { if [ -e "$1" ]; then echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; else echo "$1"; fi; }
src=$(abs "$src"); patchfile=$(abs "$patchfile")
[ -z "$hdr" ] || hdr=$(abs "$hdr")
[ -z "$jniinc" ] || jniinc=$(abs "$jniinc")
work=${work:-$out/jni-build}
rm -rf "$work"
mkdir -p "$work/src"

# what the torch install is: version (2.13.0), CUDA (13.0 or empty), C++ ABI, cmake prefix, lib dir.
# Read from its files, without importing torch (no CUDA initialisation; works also with a CUDA wheel
# whose nvidia-* runtime packages are absent, as in the CPU dry run).
eval "$("$py" - <<'EOF'
import importlib.util, os
d = importlib.util.find_spec("torch").submodule_search_locations[0]
ns = {}
exec(open(os.path.join(d, "version.py")).read(), ns)
lib = os.path.join(d, "lib")
# C++11-ABI builds mangle std::string as std::__cxx11::basic_string: the abi tag "B5cxx11"
abi = int(b"B5cxx11" in open(os.path.join(lib, "libc10.so"), "rb").read())
print("torch_version=%s" % ns["__version__"].split("+")[0])
print("torch_full=%s" % ns["__version__"])
print("torch_cuda=%s" % (ns.get("cuda") or ""))
print("torch_abi=%d" % abi)
print("torch_cmake=%s" % os.path.join(d, "share", "cmake"))
print("torch_lib=%s" % lib)
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
    # the wheel's Caffe2 config finds the toolkit with the legacy FindCUDA (CUDA_TOOLKIT_ROOT_DIR)
    # and CUDAToolkit: give both the same root, and nvcc from that root (not a wrapper script)
    flags+=(-DCUDA_TOOLKIT_ROOT_DIR="$cuda_root" -DCUDAToolkit_ROOT="$cuda_root" -DCMAKE_CUDA_COMPILER="$cuda_root/bin/nvcc")
    # ATen/cuda/CUDAContext.h includes cusparse.h, cublas_v2.h, cusolverDn.h...: a toolkit without
    # them (a slim one) is completed by the headers of the wheel's nvidia-* packages, the libraries
    # libtorch_cuda runs with (site-packages/nvidia/<pkg>/include)
    local extra; extra=$(ls -d "$(dirname "$(dirname "$torch_lib")")"/nvidia/*/include 2>/dev/null | paste -sd';' - || true)
    [ -z "$extra" ] || flags+=(-DCMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES="$extra")
  fi
  # CMAKE_POLICY_VERSION_MINIMUM: DJL's cmake_minimum_required(VERSION 3.0) is an error for CMake 4
  # ("Compatibility with CMake < 3.5 has been removed"); older CMake ignores the variable
  cmake "${gen[@]}" -S "$native" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_POLICY_VERSION_MINIMUM=3.5 -DCMAKE_POLICY_DEFAULT_CMP0074=NEW \
    -DCMAKE_PREFIX_PATH="$torch_cmake" -DCMAKE_CXX_FLAGS="-D_GLIBCXX_USE_CXX11_ABI=$torch_abi" \
    -DJAVA_INCLUDE_PATH="$jniinc" -DJAVA_INCLUDE_PATH2="$jnimd" \
    -DJAVA_AWT_INCLUDE_PATH=NotNeeded -DJAVA_JVM_LIBRARY=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded \
    "${flags[@]}" > "$b.configure.log" 2>&1 || { tail -30 "$b.configure.log" >&2; return 1; }
  # DJL's build.sh drops the CUDA runtime/nvrtc of the build machine from the link line: the JNI
  # must use the ones libtorch_cuda already loaded (same soname, from the wheel's nvidia packages)
  if [ "$1" = 1 ]; then
    for f in "$b/build.ninja" "$b/CMakeFiles/djl_torch.dir/link.txt"; do
      # (and an nvrtc that a slim toolkit lacks: "-lCUDA_nvrtc_LIBRARY-NOTFOUND")
      [ -f "$f" ] && sed -i -r -e 's#[^ ]*/lib(64)?/(stubs/)?lib(cudart|nvrtc)\.so[^ ]*##g' -e 's#-l[A-Za-z_]+-NOTFOUND##g' "$f"
    done
  fi
  cmake --build "$b" -j "$jobs" > "$b.build.log" 2>&1 || { grep -m20 -A5 'error' "$b.build.log" >&2 || tail -40 "$b.build.log" >&2; return 1; }
  built="$b/libdjl_torch.so"
}

# the CUDA toolkit: $CUDA_HOME, /usr/local/cuda, or the folder above the nvcc on the PATH
cuda_root=""
for c in "${CUDA_HOME:-}" /usr/local/cuda "$(dirname "$(dirname "$(readlink -f "$(command -v nvcc || echo /nonexistent/bin/nvcc)")")")"; do
  if [ -n "$c" ] && [ -x "$c/bin/nvcc" ] && [ -d "$c/include" ]; then cuda_root=$(readlink -f "$c"); break; fi
done
use_cuda=0
if [ -n "$torch_cuda" ] && [ "$cuda" != off ] && [ -n "$cuda_root" ]; then
  use_cuda=1
fi
[ "$cuda" = on ] && { [ -n "$cuda_root" ] || { echo "build-jni: --cuda on but no CUDA toolkit found" >&2; exit 1; }; use_cuda=1; }
built=""
if [ "$use_cuda" = 1 ]; then
  if ! configure_and_build 1; then
    [ "$cuda" = on ] && { echo "build-jni: the CUDA build failed" >&2; exit 1; }
    echo "build-jni: the CUDA build failed (logs in $work); building without USE_CUDA" >&2
    use_cuda=0
  fi
fi
[ -n "$built" ] || configure_and_build 0 || { echo "build-jni: build failed (logs in $work)" >&2; exit 1; }

# API/ABI drift shows as symbols the JNI wants and this libtorch lacks (a shared library links with
# them unresolved): resolve them now, against torch/lib, instead of at System.load in the JVM
missing=$(LD_LIBRARY_PATH="$torch_lib" ldd -r "$built" 2>&1 | grep "undefined symbol" | grep -F "($built)" || true)
if [ -n "$missing" ]; then
  echo "$missing" | head -20 >&2
  echo "build-jni: $(echo "$missing" | wc -l) symbol(s) of the JNI are not in $torch_lib" >&2
  exit 1
fi

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
exclude=$(cd "$torch_lib" && ls | grep -E '^lib(aoti_custom_ops|backend_with_compiler|jitbackend_test|torchbind_test|shm)\.so$' | paste -sd, - || true)
# DJL counts GPUs (Engine.getGpuCount -> CudaUtils) by loading "cudart" itself through JNA, which
# finds an unversioned libcudart.so on the loader path only (a versioned libcudart.so.13 only in
# -Djna.library.path). The wheel's runtime sits in site-packages/nvidia/.../lib as libcudart.so.13:
# a link named libcudart.so to it, on LD_LIBRARY_PATH, makes DJL see the GPUs (same file as the one
# libtorch_cuda loads, so one CUDA runtime in the process). Without it: "0 GPUs", CPU fallback.
ldpath=""
if [ -n "$torch_cuda" ]; then
  site="$(dirname "$(dirname "$torch_lib")")"
  cudart=$(ls "$site"/nvidia/*/lib/libcudart.so.[0-9]* 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$cudart" ] || cudart=$(ldconfig -p 2>/dev/null | awk '/libcudart\.so\.[0-9]+ /{print $NF; exit}' || true)
  [ -n "$cudart" ] || cudart=$(ls "${cuda_root:-/usr/local/cuda}"/lib64/libcudart.so.[0-9]* 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$cudart" ]; then
    mkdir -p "$out/cudart"
    ln -sfn "$cudart" "$out/cudart/libcudart.so"
    ldpath="export LD_LIBRARY_PATH=\"$out/cudart\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\""
    echo "build-jni: DJL's GPU count will use $cudart"
  else
    echo "build-jni: no libcudart.so.* found: DJL will count 0 GPUs" >&2
  fi
fi
cat > "$out/env.sh" <<EOF
# made by tools/gpu-check/build-jni.sh: DJL 0.32 on the libtorch of $py (torch $torch_full)
export PYTORCH_LIBRARY_PATH="$torch_lib"
export PYTORCH_VERSION="$torch_version"
export PYTORCH_FLAVOR="$flavor"
export PYTORCH_LIBRARY_EXCLUSION="$exclude"
export ENGINE_CACHE_DIR="$out"
export DJL_OFFLINE=true
$ldpath
EOF
echo "build-jni: $(du -h "$dest/0.32.0-libdjl_torch.so" | cut -f1) $dest/0.32.0-libdjl_torch.so (USE_CUDA=$use_cuda); source $out/env.sh"
