#!/usr/bin/env bash
# make-words.sh: the spoken-words sample of the words experiment (src/main/cvt/words.yaml).
#
# What: four English words (yes, no, up, down) said by ten synthetic voices of espeak-ng (a voice =
# an accent + a voice variant, e.g. en-gb-scotland+f3), three utterances per word and voice at
# different speaking rates (-s, words per minute) and pitches (-p, 0..99): 120 clips. Each clip is
# the word with espeak's leading and trailing silence cut off, peak-normalised to -3 dBFS, centred in
# exactly 0.75 s (6000 samples) of silence at 8 kHz, mono, 8-bit mu-law WAV (telephone quality, about
# 6 KB a clip) -- one melgen window (MELGEN.WINDOW_SECONDS 0.75) per clip.
#
# Layout: recordings/<word>/<voice>_s<rate>p<pitch>.wav, where <voice> is the espeak voice with '+'
# written '-' (en-gb-scotland-f3): the word is the class folder, the speaker is what the regex
# '/([^/_]+)_' finds (words.yaml's MELGEN.SPLIT.GROUP), so whole voices can be held out.
#
# How to re-run (from anywhere): sample-project/words/make-words.sh
#   It deletes and rewrites sample-project/words/recordings/. The output is deterministic for a given
#   espeak-ng and SoX (SoX runs with -R, repeatable, and -D, no dither); the committed files were made
#   with espeak-ng 1.51 and SoX 14.4.2 (Ubuntu packages espeak-ng and sox). Another espeak-ng version
#   may synthesise slightly different audio: re-running then changes the files, and the dataset's
#   fingerprint, but not what the experiment is about.
#
# Needs: bash, espeak-ng, sox, soxi (part of sox). The WAV files are committed, so neither the build
# nor CI needs these programs; this script only documents and reproduces the data.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/recordings"
rate=8000           # Hz of the clips
clip=6000           # samples per clip: 0.75 s at 8 kHz

for tool in espeak-ng sox soxi; do
    command -v "$tool" >/dev/null || { echo "make-words.sh: $tool not found (apt-get install espeak-ng sox)" >&2; exit 1; }
done

words=(yes no up down)
# accent+variant; m = male, f = female variants of espeak-ng (espeak-ng --voices=variant)
voices=(en+m1 en+m3 en+m4 en+f2 en+f4 en-us+m7 en-us-nyc+f5 en-gb-x-rp+m2 en-gb-scotland+f3 en-029+m5)
# rate (wpm) and pitch per utterance: slow/low, middle/high, fast/middle
utterances=("150 35" "180 70" "210 50")

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"

for word in "${words[@]}"; do
    mkdir -p "$out/$word"
    for voice in "${voices[@]}"; do
        for u in "${utterances[@]}"; do
            read -r speed pitch <<<"$u"
            name="${voice//+/-}_s${speed}p${pitch}"
            espeak-ng -v "$voice" -s "$speed" -p "$pitch" -w "$tmp/raw.wav" "$word"
            # cut the silence before and after the word (10 ms above -60 dBFS starts and ends it),
            # normalise, resample to 8 kHz (SoX's very high quality resampler) as 32-bit float
            sox -R -D "$tmp/raw.wav" -e floating-point -b 32 "$tmp/word.wav" \
                silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse norm -3 rate -v "$rate"
            length="$(soxi -s "$tmp/word.wav")"
            if (( length > clip )); then
                echo "make-words.sh: $word by $voice at $speed wpm lasts $length samples, more than $clip" >&2
                exit 1
            fi
            before=$(( (clip - length) / 2 ))
            after=$(( clip - length - before ))
            sox -R -D "$tmp/word.wav" -e u-law -b 8 "$out/$word/$name.wav" pad "${before}s" "${after}s"
        done
    done
done

count="$(find "$out" -name '*.wav' | wc -l)"
echo "make-words.sh: $count clips in $out ($(du -sh --apparent-size "$out" | cut -f1))"
