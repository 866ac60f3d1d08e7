"""Writes the reference values the Java unit tests compare with, computed by scipy and librosa.

    python3 tools/librosa-check/reference_values.py   (from the repository root)

Regenerates ScipyReference.java and LibrosaReference.java under
cvt-runtime/src/test/java/dev/cvt/runtime/melgen/.
"""
import librosa
import numpy as np
import scipy
from scipy.interpolate import interp1d

TESTS = "cvt-runtime/src/test/java/dev/cvt/runtime/melgen/"


def java_list(values, per_line):
    values = [repr(float(x)) for x in values]
    return ",\n        ".join(", ".join(values[i:i + per_line]) for i in range(0, len(values), per_line))


def scipy_reference():
    y = np.array([3, 1, 4, 1, 5, 9, 2, 6], float)
    v = interp1d(np.arange(8), y, kind="cubic")(np.linspace(0, 7, 20))
    return f'''package dev.cvt.runtime.melgen;

/** Values computed by scipy {scipy.__version__} (tools/librosa-check/reference_values.py), not by this project. */
final class ScipyReference {{
    private ScipyReference() {{
    }}

    /** interp1d(np.arange(8), [3, 1, 4, 1, 5, 9, 2, 6], kind='cubic')(np.linspace(0, 7, 20)). */
    static final double[] CUBIC_3141592_AT_20 = {{
        {java_list(v, 4)}
    }};
}}
'''


def java_rows(matrix):
    return ",\n        ".join("{" + ", ".join(repr(float(x)) for x in r) + "}" for r in matrix)


def librosa_reference():
    # a window like the AG data: a gravity offset, a rep, noise from a fixed LCG
    state, noise = 12345, []
    for _ in range(50):
        state = (1103515245 * state + 12345) % 2**31
        noise.append(state / 2**31 - 0.5)
    y50 = np.round(16384 + 4000 * np.sin(np.arange(50) * 2 * np.pi / 13) + 200 * np.array(noise), 3)
    y = y50[:40]
    db = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=20, n_fft=32, hop_length=1, n_mels=12), ref=np.max)
    rows = java_rows(db)
    # a 12.5 Hz sensor (the barbell example): a 4 s window of 50 samples, a non-integer sample rate
    y125 = y50
    filters125 = librosa.filters.mel(sr=12.5, n_fft=16, n_mels=8)
    db125 = librosa.power_to_db(librosa.feature.melspectrogram(y=y125, sr=12.5, n_fft=16, hop_length=2, n_mels=8), ref=np.max)
    return f'''package dev.cvt.runtime.melgen;

/** Values computed by librosa {librosa.__version__} itself (tools/librosa-check/reference_values.py), not by this project. */
final class LibrosaReference {{
    private LibrosaReference() {{
    }}

    /** A window like the AG data: gravity offset, a rep, noise. */
    static final double[] INPUT = {{
        {java_list(y, 8)}
    }};

    /** power_to_db(feature.melspectrogram(y=INPUT, sr=20, n_fft=32, hop_length=1, n_mels=12), ref=np.max): [mel][frame]. */
    static final double[][] DB = {{
        {rows}
    }};

    /** A 12.5 Hz window of 4 s: 50 samples like INPUT (its first 40), gravity offset, a rep, noise. */
    static final double[] INPUT_12_5_HZ = {{
        {java_list(y125, 8)}
    }};

    /** filters.mel(sr=12.5, n_fft=16, n_mels=8): [mel][FFT bin]. */
    static final double[][] FILTERS_12_5_HZ = {{
        {java_rows(filters125)}
    }};

    /** power_to_db(feature.melspectrogram(y=INPUT_12_5_HZ, sr=12.5, n_fft=16, hop_length=2, n_mels=8), ref=np.max). */
    static final double[][] DB_12_5_HZ = {{
        {java_rows(db125)}
    }};
}}
'''


if __name__ == "__main__":
    open(TESTS + "ScipyReference.java", "w").write(scipy_reference())
    open(TESTS + "LibrosaReference.java", "w").write(librosa_reference())
