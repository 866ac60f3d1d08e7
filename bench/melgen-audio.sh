#!/usr/bin/env bash
# Benchmark: melgen on audio (READER audio, librosa's audio defaults: 22,050 Hz, n_fft 2048, hop 512,
# 128 mels, 1-second windows, a JPEG + a float32 array per window) beside the original pipeline in
# librosa on the same files (tools/librosa-check/bench_audio.py: librosa.load, melspectrogram,
# power_to_db, np.save; and with the original's specshow JPEG per window). Prints a table in hours of
# audio per second of wall time. Needs a python3 with numpy, soundfile, matplotlib and librosa 0.11
# (see tools/librosa-check/README.md; PYTHON and PYTHONPATH choose them). Recordings and both
# pipelines' outputs go to a fresh folder under TMPDIR (default /tmp), and creating ~10,000 files is
# part of what is timed: TMPDIR=/dev/shm (memory) times the pipelines' own work; a folder on a disk
# adds that file system's cost to both. On ext4 here, creating a file soon after many were deleted
# (this script's cleanup of its previous run included) searches past every recently freed inode, and
# that can cost more than the work itself: leave the disk alone a while between runs.
# Usage (from the repository root, after `mvn -B -q package -DskipTests -pl cvt-runtime`):
#   bench/melgen-audio.sh [minutes of audio, default 60]
# An hour by default: the table is a throughput (hours of audio per second), and in a shorter run the
# JVM's start and its JIT compilers' warm-up (about half a second) weigh more than the audio does.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
jar=cvt-runtime/target/cvt-runtime.jar
python=${PYTHON:-/usr/bin/python3}
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests -pl cvt-runtime" >&2; exit 2; }
"$python" -c 'import librosa, soundfile, matplotlib' 2>/dev/null || { echo "$python lacks librosa, soundfile or matplotlib" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" tools/librosa-check/bench_audio.py make --out "$work/audio" --minutes "$minutes"
cat > "$work/audio.yaml" <<YAML
DATASET: {ROOT: '$work/melgen', NUM_DIMS: 1}
MELGEN:
  DATA_ROOT: '$work/audio'
  READER: 'audio'
  SPLIT: {METHOD: 'recording', TRAIN_FRACTION: 0.5}
  CLASSES: [{NAME: 'tones'}, {NAME: 'noise'}]
YAML
row() {  # name, seconds of audio, wall seconds
  printf '%-44s %10.0f %8.2f %14.3f\n' "$1" "$2" "$3" "$(awk -v a="$2" -v w="$3" 'BEGIN{print a / 3600 / w}')"
}
printf '%-44s %10s %8s %14s\n' pipeline "audio s" "wall s" "audio h/wall s"
for threads in 0 1; do  # all cores, then one core as librosa uses
  sync  # each pipeline starts with nothing of the previous one's files still being written back
  start=$(date +%s.%N)
  # a new folder each run: writing a dataset where one was just deleted is several times slower on ext4
  java -jar "$jar" melgen --cfg "$work/audio.yaml" DATASET.ROOT "$work/melgen-$threads" MELGEN.THREADS "$threads" > "$work/melgen.log" 2>&1
  end=$(date +%s.%N)
  name=$([ "$threads" = 0 ] && echo "melgen, $(nproc) threads (JPEG + arrays per window)" || echo "melgen, 1 thread")
  row "$name" "$((minutes * 60))" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
done
sync
read -r audio wall < <("$python" tools/librosa-check/bench_audio.py run --data "$work/audio" --out "$work/librosa" 2>/dev/null)
row "librosa (array per window)" "$audio" "$wall"
sync
read -r audio wall < <("$python" tools/librosa-check/bench_audio.py run --data "$work/audio" --out "$work/librosa-img" --images 2>/dev/null)
row "librosa + specshow JPEG (the original's)" "$audio" "$wall"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); files under $work; melgen's wall time includes the JVM's start"
