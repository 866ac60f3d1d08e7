#!/usr/bin/env bash
# melgen's READER audio against librosa on real recordings: the spoken channel names of Debian's
# alsa-utils (/usr/share/sounds/alsa/*.wav, 48 kHz 16-bit mono speech), plus copies sox makes of some
# of them as 24-bit, 8-bit unsigned, 32-bit float and stereo (two takes as left and right). Three
# datasets (mono files; stereo as two views; stereo mixed, with a fixed REF), each compared sample by
# sample by check_audio.py. Needs alsa-utils, sox, and the python of tools/librosa-check/README.md.
# Usage (from the repository root, after `mvn -B -q package -DskipTests -pl cvt-runtime`):
#   tools/librosa-check/audio-check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=cvt-runtime/target/cvt-runtime.jar
sounds=/usr/share/sounds/alsa
python=${PYTHON:-/usr/bin/python3}
[ -f "$sounds/Front_Center.wav" ] || { echo "no $sounds: apt-get install alsa-utils" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mono/front" "$work/mono/rear" "$work/mono/side" "$work/stereo/front" "$work/stereo/rear"
cp "$sounds"/Front_*.wav "$work/mono/front/"
cp "$sounds"/Rear_*.wav "$work/mono/rear/"
cp "$sounds"/Side_*.wav "$work/mono/side/"
sox "$sounds/Front_Center.wav" -b 24 "$work/mono/front/Front_Center_24bit.wav"
sox "$sounds/Rear_Center.wav" -b 8 -e unsigned "$work/mono/rear/Rear_Center_8bit.wav"
sox "$sounds/Side_Left.wav" -e floating-point -b 32 "$work/mono/side/Side_Left_float.wav"
sox -M "$sounds/Front_Left.wav" "$sounds/Front_Right.wav" "$work/stereo/front/front_lr.wav"
sox -M "$sounds/Rear_Left.wav" "$sounds/Rear_Right.wav" -b 24 "$work/stereo/rear/rear_lr.wav"
check() {  # name, data folder, classes, extra MELGEN lines, NUM_DIMS
  cat > "$work/$1.yaml" <<YAML
DATASET: {ROOT: '$work/ds-$1', NUM_DIMS: $5, DATASET: 'multidim_imagenet'}
MELGEN:
  DATA_ROOT: '$work/$2'
  READER: 'audio'
  SAMPLE_RATE: 48000
  WINDOW_SECONDS: 0.5
  STRIDE_SECONDS: 0.25
  SPLIT: {METHOD: 'ordered'}
  CLASSES: [$3]
$4
YAML
  echo "== $1"
  java -jar "$jar" melgen --cfg "$work/$1.yaml" 2>&1 | tail -1
  "$python" tools/librosa-check/check_audio.py --dataset "$work/ds-$1" 2> >(grep -v Warning >&2)
}
check mono mono "{NAME: 'front'}, {NAME: 'rear'}, {NAME: 'side'}" "" 1
check stereo-views stereo "{NAME: 'front'}, {NAME: 'rear'}" "  N_MELS: 64" 2
check stereo-mix stereo "{NAME: 'front'}, {NAME: 'rear'}" "  CHANNELS: 'mix'
  REF: 1.0" 1
