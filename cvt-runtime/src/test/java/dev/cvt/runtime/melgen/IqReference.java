package dev.cvt.runtime.melgen;

/** Counted by the Python reimplementation of the original I/Q recipe (tools/librosa-check/check_mel.py). */
final class IqReference {
    private IqReference() {
    }

    /** 2-second segments with at least 2 rows in the reference I/Q recordings (362 + 91 + 264 + 66). */
    static final int SEGMENTS = 783;
}
