package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Sha256;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recordings whose values are identical under two names. Public datasets contain copied files; the windows of
 * a copy on the other side of the split are test samples the model has trained on, and inflate the scores.
 */
final class DuplicateRecordings {
    /** Values hashed at a time. */
    private static final int PIECE = 8192;

    private DuplicateRecordings() {
    }

    /** A hash of the signal's value channels (not its times: a copy may have been re-stamped). */
    static String hash(Signal signal) {
        MessageDigest digest = Sha256.digest();
        // the channel's bytes in pieces: one buffer of the whole channel was most of what melgen allocated for audio
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES * PIECE);
        DoubleBuffer values = bytes.asDoubleBuffer();
        for (double[] channel : signal.channels()) {
            bytes.clear().putLong(0, channel.length); // so that channels split at other places do not hash alike
            digest.update(bytes.array(), 0, Long.BYTES);
            for (int from = 0; from < channel.length; from += PIECE) {
                int count = Math.min(PIECE, channel.length - from);
                values.clear();
                values.put(channel, from, count);
                digest.update(bytes.array(), 0, count * Long.BYTES);
            }
        }
        return Sha256.hex(digest);
    }

    /** One warning per recording whose values equal an earlier recording's, naming both. */
    static List<String> warnings(List<? extends RecordingWindows<?>> recordings) {
        Map<String, String> firstWithValues = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        for (RecordingWindows<?> r : recordings) {
            String earlier = firstWithValues.putIfAbsent(r.valuesHash(), r.source());
            if (earlier != null) {
                warnings.add(r.source() + " has the same values as " + earlier + ": probably one recording copied under two "
                        + "names; remove one, or their windows on both sides of the split inflate the test scores");
            }
        }
        return warnings;
    }
}
