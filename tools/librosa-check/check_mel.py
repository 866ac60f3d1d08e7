"""Compare a cvt melgen dataset with the original pipeline computed by librosa itself.

Reproduces the original research recipes in Python (scipy interp1d cubic / numpy.interp, then
librosa.feature.melspectrogram + power_to_db(ref=np.max)) on the reference recordings, and compares
every sample's dB array with the dataset's <root>/<split>/<class>/mel/<i>.npy. Exits 1 when the
sample counts differ or any value differs by more than --tolerance dB.

    python3 tools/librosa-check/check_mel.py --recipe ag --data ../shared/data/seed-lifting \
        --dataset target/agmel
"""
import argparse
import os
import sys

import librosa
import numpy as np
from scipy.interpolate import interp1d

CLASSES = ["Dumbbell Bicep Curl", "Dumbbell Lateral Raise"]
N = 40


def ag_values(path):
    rows = []
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            line = raw.rstrip(b"\r").decode("latin-1")
            if line.startswith("mcu:"):
                rows.append([float(v) for v in line.split(",", 1)[1].split(",")])
    return np.array(rows)


def cubic(values, count):
    x = np.arange(len(values))
    return interp1d(x, values, kind="cubic", axis=0)(np.linspace(0, len(values) - 1, count))


def ag_windows(data):
    """The original agmel recipe: per class, windows [views, N] in recording order."""
    out = {}
    curl = []
    for i in range(1, 5):
        v = ag_values(os.path.join(data, CLASSES[0], f"{i}.txt"))
        x = cubic(v, len(v) * N // 4)
        curl += [x[s:s + N].T for s in range(0, len(x) - N + 1, N)]
    out[CLASSES[0]] = curl
    raise_ = []
    trims = [0, 0, 8, 6, 7, 7, 0]
    for i in range(1, 8):
        v = ag_values(os.path.join(data, CLASSES[1], f"{i}.txt"))[trims[i - 1]:]
        x = cubic(v, 2 * len(v))
        length = N if i <= 2 else 20 * N // 4
        raise_ += [x[s:s + N].T for s in range(0, len(x) - length + 1, length)]
    out[CLASSES[1]] = raise_
    return out


def hms(text):
    h, m, s = text.split("-")
    return int(h) * 3600 + int(m) * 60 + float(s)


def iq_windows(data):
    """The original iqmel recipe: 2-second segments, each interpolated to 40 points for I and Q."""
    out = {}
    for cls in CLASSES:
        windows = []
        i = 1
        while os.path.exists(os.path.join(data, cls, f"{i}.csv")):
            rows = [l.strip().split(",") for l in open(os.path.join(data, cls, f"{i}.csv"))][1:]
            rows = [r for r in rows if len(r) == 3]
            t = np.array([hms(r[0]) for r in rows])
            t -= t[0]
            iq = np.array([[float(r[1]), float(r[2])] for r in rows])
            seg = np.floor(t / 2.0)
            for k in np.unique(seg):
                mask = seg == k
                if mask.sum() < 2:
                    continue
                ts = t[mask]
                grid = np.linspace(ts[0], ts[-1], N)
                windows.append(np.stack([np.interp(grid, ts, iq[mask, c]) for c in range(2)]))
            i += 1
        out[cls] = windows
    return out


def db(view):
    s = librosa.feature.melspectrogram(y=view.astype(np.float64), sr=20, n_fft=32, hop_length=1, n_mels=12)
    return librosa.power_to_db(s, ref=np.max)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--recipe", choices=["ag", "iq"], required=True)
    p.add_argument("--data", required=True, help="the seed-lifting folder")
    p.add_argument("--dataset", required=True, help="the melgen dataset root to check")
    p.add_argument("--train-fraction", type=float, default=0.8)
    p.add_argument("--tolerance", type=float, default=0.01)
    a = p.parse_args()
    print(f"librosa {librosa.__version__}")
    windows = ag_windows(a.data) if a.recipe == "ag" else iq_windows(a.data)
    worst, worst_at, failed = 0.0, None, False
    for cls, ws in windows.items():
        train = int(len(ws) * a.train_fraction)
        for split, part in (("train", ws[:train]), ("val", ws[train:])):
            folder = os.path.join(a.dataset, split, cls, "mel")
            ours = len(os.listdir(folder)) if os.path.isdir(folder) else 0
            print(f"{split:5s} {cls:24s} reference {len(part):4d}  dataset {ours:4d}")
            failed |= ours != len(part)
            for i, w in enumerate(part):
                path = os.path.join(folder, f"{i}.npy")
                if not os.path.exists(path):
                    continue
                mine = np.load(path)
                ref = np.stack([db(v) for v in w]).astype(np.float32)
                diff = float(np.max(np.abs(mine.astype(np.float64) - ref)))
                if diff > worst:
                    worst, worst_at = diff, path
    print(f"max |dB difference| {worst:.3g} at {worst_at}")
    failed |= worst > a.tolerance
    print("FAILED" if failed else "OK")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
