"""Compare a cvt melgen dataset of audio recordings (READER audio) with librosa itself.

For every sample in the dataset's manifest.csv, loads its source file with librosa.load (sr=None:
the file's own rate, which must equal the dataset's SAMPLE_RATE: resampling is not compared, since
librosa resamples with soxr and melgen with TarsosDSP's libresample), mixes or keeps the channels as
CHANNELS says, cuts the window melgen cut (WINDOW or WINDOW_SECONDS, STRIDE or STRIDE_SECONDS),
computes librosa.feature.melspectrogram + power_to_db with the dataset's own keys (config.yaml) and
compares it with the sample's <root>/<split>/<class>/mel/<i>.npy. Exits 1 when a sample is missing
or any value differs by more than --tolerance dB.

    python3 tools/librosa-check/check_audio.py --dataset target/alsa
"""
import argparse
import csv
import os
import sys

import librosa
import numpy as np
import yaml


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", required=True, help="the melgen dataset root to check")
    p.add_argument("--tolerance", type=float, default=0.01)
    a = p.parse_args()
    config = yaml.safe_load(open(os.path.join(a.dataset, "config.yaml")))
    m = config["MELGEN"]
    rate = m["SAMPLE_RATE"]
    window = round(m["WINDOW_SECONDS"] * rate) if m["WINDOW_SECONDS"] > 0 else m["WINDOW"]
    stride = round(m["STRIDE_SECONDS"] * rate) if m["STRIDE_SECONDS"] > 0 else (m["STRIDE"] or window)
    keep = m["KEEP"] or window
    ref = np.max if m["REF"] == "max" else float(m["REF"])
    fmax = m["FMAX"] or m["SR"] / 2
    print(f"librosa {librosa.__version__}, numpy {np.__version__}; SR {m['SR']}, n_fft {m['N_FFT']}, hop {m['HOP_LENGTH']}, "
          f"{m['N_MELS']} mels, windows of {window} samples every {stride}, CHANNELS {m['CHANNELS']}")
    data_root = m["DATA_ROOT"]
    loaded = {}
    worst, worst_at, samples, failed = 0.0, None, 0, False
    with open(os.path.join(a.dataset, "manifest.csv")) as f:
        for row in csv.DictReader(f):
            source = row["source"]
            if source not in loaded:
                y, sr = librosa.load(os.path.join(data_root, source), sr=None, mono=m["CHANNELS"] == "mix")
                if sr != rate:
                    sys.exit(f"{source}: recorded at {sr} Hz, the dataset's SAMPLE_RATE is {rate}: resampled data is not compared")
                loaded[source] = np.atleast_2d(y)
            y = loaded[source]
            start = int(row["window"]) * stride
            path = os.path.join(a.dataset, row["split"], row["class"], "mel", row["index"] + ".npy")
            if not os.path.exists(path):
                print(f"missing {path}")
                failed = True
                continue
            ours = np.load(path).astype(np.float64)
            for v, channel in enumerate(y):
                s = librosa.feature.melspectrogram(y=channel[start:start + keep], sr=m["SR"], n_fft=m["N_FFT"],
                                                   hop_length=m["HOP_LENGTH"], n_mels=m["N_MELS"], fmin=m["FMIN"], fmax=fmax)
                reference = librosa.power_to_db(s, ref=ref, amin=1e-10, top_db=m["TOP_DB"])
                diff = float(np.max(np.abs(ours[v] - reference)))
                if diff > worst:
                    worst, worst_at = diff, f"{path} view {v + 1}"
            samples += 1
    print(f"{samples} samples of {len(loaded)} recordings compared; max |dB difference| {worst:.3g} at {worst_at}")
    failed |= worst > a.tolerance or samples == 0
    print("FAILED" if failed else "OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
