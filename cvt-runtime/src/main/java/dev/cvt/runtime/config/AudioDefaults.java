package dev.cvt.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * With {@code MELGEN.READER: audio} the spectrogram defaults are librosa's for audio, not the
 * original sensor pipeline's: {@code librosa.load}'s 22,050 Hz, {@code melspectrogram}'s n_fft 2048,
 * hop 512 and 128 mels, and one-second windows. Only keys no file or override set are filled in, and
 * they are written into the tree (with this as their origin), so the effective config a dataset
 * keeps loads back to the same run whatever the defaults are then.
 */
final class AudioDefaults {
    private static final String ORIGIN = "default for MELGEN.READER audio (librosa's)";

    private AudioDefaults() {
    }

    @SuppressWarnings("unchecked")
    static void resolve(Map<String, Object> tree, Map<String, String> origins) {
        Map<String, Object> melgen = (Map<String, Object>) tree.get("MELGEN");
        if (!"audio".equals(melgen.get("READER"))) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("SAMPLE_RATE", 22050.0);
        defaults.put("N_FFT", 2048);
        defaults.put("HOP_LENGTH", 512);
        defaults.put("N_MELS", 128);
        defaults.forEach((key, value) -> fill(melgen, origins, key, value));
        fill(melgen, origins, "SR", melgen.get("SAMPLE_RATE"));
        if (!origins.containsKey("MELGEN.WINDOW")) {
            fill(melgen, origins, "WINDOW_SECONDS", 1.0);
        }
    }

    private static void fill(Map<String, Object> melgen, Map<String, String> origins, String key, Object value) {
        String path = "MELGEN." + key;
        if (!origins.containsKey(path)) {
            melgen.put(key, value);
            origins.put(path, ORIGIN);
        }
    }
}
