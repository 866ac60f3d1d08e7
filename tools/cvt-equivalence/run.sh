#!/usr/bin/env bash
# Compares the DJL CvT (cvt-runtime) with the original microsoft/CvT cls_cvt.py on the same weights.
# Usage: tools/cvt-equivalence/run.sh   (from the repository root; needs cvt-runtime/target/cvt-runtime.jar)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${VENV:-/tmp/eqvenv}
WORK=${WORK:-/tmp/cvt-equivalence}
CVT_GIT=${CVT_GIT:-/work/.mirror/microsoft+CvT/repo}
mkdir -p "$WORK"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install torch numpy einops
fi
git --git-dir="$CVT_GIT" show HEAD:lib/models/cls_cvt.py > "$WORK/cls_cvt.py"
cd "$ROOT"
nice -n 19 java -cp cvt-runtime/target/cvt-runtime.jar tools/cvt-equivalence/DumpCvt.java "$WORK/dump" dw_bn avg linear
nice -n 19 "$VENV/bin/python" tools/cvt-equivalence/compare.py "$WORK/dump" "$WORK/cls_cvt.py" dw_bn avg linear "$@"
