"""The librosa side of bench/melgen-audio.sh, and the benchmark's recordings.

    bench_audio.py make --out DIR --minutes M     writes M minutes of 22,050 Hz 16-bit mono WAV
                                                 (one file per minute, two classes) below DIR
    bench_audio.py run --data DIR --out DIR [--images]
                                                 the original pipeline on them: librosa.load,
                                                 1-second windows, melspectrogram (n_fft 2048, hop 512,
                                                 128 mels) + power_to_db(ref=np.max), np.save each
                                                 array; with --images also the original's picture of
                                                 each (specshow, magma, 4 x 3 inches, saved as JPEG)
Prints one line: seconds of audio, wall seconds.
"""
import argparse
import os
import sys
import time

import numpy as np
import soundfile

RATE = 22050


def make(out, minutes):
    rng = np.random.default_rng(0)
    t = np.arange(60 * RATE) / RATE
    for m in range(minutes):
        cls = "tones" if m % 2 == 0 else "noise"
        os.makedirs(os.path.join(out, cls), exist_ok=True)
        if cls == "tones":  # a gliding tone with harmonics, bursts of it
            f = 300 + 200 * np.sin(2 * np.pi * 0.1 * t + m)
            y = sum(np.sin(2 * np.pi * np.cumsum(k * f) / RATE) / k for k in (1, 2, 3))
            y *= (np.sin(2 * np.pi * 0.5 * t) > 0)
        else:  # noise under a slow envelope
            y = rng.standard_normal(t.size) * (0.5 + 0.5 * np.sin(2 * np.pi * 0.2 * t))
        y = 0.3 * y / np.max(np.abs(y)) + 0.01 * rng.standard_normal(t.size)
        soundfile.write(os.path.join(out, cls, f"{m:03d}.wav"), y, RATE, subtype="PCM_16")


def run(data, out, images):
    import librosa
    if images:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import librosa.display
    seconds = 0.0
    start = time.perf_counter()
    for cls in sorted(os.listdir(data)):
        os.makedirs(os.path.join(out, cls), exist_ok=True)
        for name in sorted(os.listdir(os.path.join(data, cls))):
            y, sr = librosa.load(os.path.join(data, cls, name), sr=None)
            seconds += len(y) / sr
            for w in range(len(y) // sr):
                s = librosa.feature.melspectrogram(y=y[w * sr:(w + 1) * sr], sr=sr)
                db = librosa.power_to_db(s, ref=np.max)
                stem = os.path.join(out, cls, f"{name}-{w}")
                np.save(stem + ".npy", db)
                if images:
                    fig = plt.figure(figsize=(4, 3))
                    librosa.display.specshow(db, sr=sr, cmap="magma")
                    plt.axis("off")
                    fig.savefig(stem + ".jpg", bbox_inches="tight", pad_inches=0)
                    plt.close(fig)
    print(f"{seconds:.0f} {time.perf_counter() - start:.2f}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["make", "run"])
    p.add_argument("--out", required=True)
    p.add_argument("--data")
    p.add_argument("--minutes", type=int, default=20)
    p.add_argument("--images", action="store_true")
    a = p.parse_args()
    if a.command == "make":
        make(a.out, a.minutes)
    else:
        run(a.data, a.out, a.images)


if __name__ == "__main__":
    sys.exit(main())
