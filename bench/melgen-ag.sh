#!/usr/bin/env bash
# Benchmark: the original AG recipe on the reference recordings (../shared/data/seed-lifting):
# 462 samples x 6 views = 2,772 images + arrays, written fresh each run. Prints a table.
# Usage (from the repository root, after `mvn -B -q package -DskipTests -pl cvt-runtime`):
#   bench/melgen-ag.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=cvt-runtime/target/cvt-runtime.jar
data=../shared/data/seed-lifting
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests -pl cvt-runtime" >&2; exit 2; }
[ -d "$data" ] || { echo "reference recordings not found at $data: nothing to benchmark" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-28s %4s %8s %12s %10s %12s\n' "jvm" "run" "images" "melgen s" "wall s" "images/s"
for jvm in "default" "-XX:TieredStopAtLevel=1"; do
  flags=(); [ "$jvm" = default ] || flags=("$jvm")
  for run in $(seq 1 "$runs"); do
    # a new folder each run: deleting a dataset just before writing one slows file creation down
    # on ext4 several-fold, which would measure the file system, not melgen
    target="$out/$RANDOM-$run/agmel"
    start=$(date +%s.%N)
    line=$(java "${flags[@]}" -jar "$jar" melgen --cfg examples/agmel-seed-lifting.yaml \
        DATASET.ROOT "$target" 2>/dev/null | grep 'images in')
    end=$(date +%s.%N)
    images=$(sed -E 's/.* ([0-9]+) images in.*/\1/' <<<"$line")
    seconds=$(sed -E 's/.* images in ([0-9.]+) s.*/\1/' <<<"$line")
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
    printf '%-28s %4d %8d %12.2f %10.2f %12.0f\n' "$jvm" "$run" "$images" "$seconds" "$wall" "$(awk -v i="$images" -v w="$wall" 'BEGIN{print i/w}')"
  done
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
