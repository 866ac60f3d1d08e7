package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.Log;
import dev.cvt.runtime.RecordingLog;
import dev.cvt.runtime.config.ConfigException;
import dev.cvt.runtime.config.ConfigLoader;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FILTER and ANTI_ALIAS recipe keys: set per section, class and recording, and checked with the key's place. */
class FilterKeysTest {
    @TempDir
    Path dir;

    private static final Log QUIET = new RecordingLog();

    /** Two AG classes of two recordings each at SAMPLE_RATE 20 Hz; {@code melgen} goes into the MELGEN section. */
    private ExperimentConfig experiment(String melgen) throws IOException {
        for (String c : List.of("curl", "raise")) {
            Files.createDirectories(dir.resolve("data").resolve(c));
            for (int r = 1; r <= 2; r++) {
                Files.writeString(dir.resolve("data").resolve(c).resolve(r + ".txt"), MelgenTestData.agStream(120, 9, r));
            }
        }
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, """
                DATASET: {ROOT: 'out/ds', DATASET: 'multidim_imagenet', NUM_DIMS: 6}
                MELGEN:
                  DATA_ROOT: 'data'
                  SAMPLE_RATE: 20.0
                  IMAGE_SIZE: [31, 23]
                """ + melgen);
        return ConfigLoader.load(yaml, List.of());
    }

    private Recipe recipe(MelgenSpec spec, int cls, int recording) {
        return spec.classes().get(cls).recordings().get(recording).recipe();
    }

    @Test
    void theKeysAreSetLikeEveryRecipeKey() throws IOException {
        MelgenSpec spec = MelgenSpec.from(experiment("""
                  FILTER: {TYPE: 'highpass', CUTOFF: [0.3]}
                  CLASSES:
                    - NAME: 'curl'
                      ANTI_ALIAS: false
                      FILTER: {TYPE: 'none'}
                    - NAME: 'raise'
                      RECORDINGS: ['1.txt', {FILE: '2.txt', FILTER: {CUTOFF: [1]}}]
                """), dir, QUIET);
        assertFalse(recipe(spec, 0, 0).antiAlias());
        assertEquals(SignalFilter.NONE, recipe(spec, 0, 0).filter());
        assertTrue(recipe(spec, 1, 0).antiAlias());
        assertEquals(new SignalFilter("highpass", List.of(0.3), "MELGEN.CLASSES[1].RECORDINGS[0].FILTER.CUTOFF (" + dir.resolve("exp.yaml")
                + ":12)"), recipe(spec, 1, 0).filter());
        // the key's place as the other recipe keys' messages give it: the entry that inherits the value
        // the recording's CUTOFF over the section's TYPE; an integer is a number of Hz like any other
        assertEquals("highpass", recipe(spec, 1, 1).filter().type());
        assertEquals(List.of(1.0), recipe(spec, 1, 1).filter().cutoffs());
    }

    @Test
    void defaultsAreNoFilterAndAntiAliasOn() throws IOException {
        MelgenSpec spec = MelgenSpec.from(experiment("  CLASSES: [{NAME: 'curl'}, {NAME: 'raise'}]\n"), dir, QUIET);
        assertEquals(SignalFilter.NONE, recipe(spec, 0, 0).filter());
        assertTrue(recipe(spec, 0, 0).antiAlias());
    }

    @Test
    void bothKeysArePartOfTheDatasetsFingerprint() throws IOException {
        String classes = "  CLASSES: [{NAME: 'curl'}, {NAME: 'raise'}]\n";
        ExperimentConfig plain = experiment(classes);
        try (MelgenThreads workers = new MelgenThreads(1)) {
            String base = Fingerprint.of(plain, MelgenSpec.from(plain, dir, QUIET), workers);
            for (String changed : List.of("  ANTI_ALIAS: false\n", "  FILTER: {TYPE: 'highpass', CUTOFF: [0.3]}\n")) {
                ExperimentConfig config = experiment(changed + classes);
                assertFalse(base.equals(Fingerprint.of(config, MelgenSpec.from(config, dir, QUIET), workers)), changed);
            }
        }
    }

    private String error(String classes) throws IOException {
        ExperimentConfig config = experiment("  CLASSES:\n" + classes);
        return assertThrows(ConfigException.class, () -> MelgenSpec.from(config, dir, QUIET)).getMessage();
    }

    @Test
    void badFiltersNameTheKeyAndItsLine() throws IOException {
        String where = dir.resolve("exp.yaml") + ":8: ";
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.TYPE is 'notch'; allowed: none, highpass, lowpass, bandpass", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'notch'}}
                """));
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.CUTOFF is [1], but FILTER.TYPE bandpass takes the band's edges in Hz, "
                + "[low, high]", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'bandpass', CUTOFF: [1]}}
                """));
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.CUTOFF is [], but FILTER.TYPE highpass takes one frequency in Hz, [f]", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'highpass'}}
                """));
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.CUTOFF is [0.0]: cutoffs are frequencies in Hz, numbers > 0", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'lowpass', CUTOFF: [0.0]}}
                """));
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.CUTOFF is [a]: cutoffs are frequencies in Hz, numbers > 0", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'lowpass', CUTOFF: ['a']}}
                """));
        assertEquals(where + "MELGEN.CLASSES[1].FILTER.CUTOFF is [3, 1]: the band's low edge must be below its high edge", error("""
                    - {NAME: 'curl'}
                    - {NAME: 'raise', FILTER: {TYPE: 'bandpass', CUTOFF: [3, 1]}}
                """));
    }

    @Test
    void aCutoffAboveTheRecordingsNyquistFrequencyStopsTheRunNamingRecordingAndKey() throws IOException {
        ExperimentConfig config = experiment("""
                  CLASSES:
                    - {NAME: 'curl'}
                    - {NAME: 'raise', RECORDINGS: ['1.txt'], FILTER: {TYPE: 'lowpass', CUTOFF: [12]}}
                """);
        InputException e = assertThrows(InputException.class, () -> Melgen.run(config, dir, false, QUIET));
        assertEquals("raise/1.txt: MELGEN.CLASSES[1].RECORDINGS[0].FILTER.CUTOFF (" + dir.resolve("exp.yaml") + ":8) is [12.0] Hz, not below "
                + "10 Hz, half the recording's rate of 20 Hz: a filter cannot reach past it", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/ds")), "nothing written");
    }
}
