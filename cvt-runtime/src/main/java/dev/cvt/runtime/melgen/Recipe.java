package dev.cvt.runtime.melgen;

import java.util.List;

/**
 * How one recording becomes windows: the MELGEN recipe keys after the class and recording entries
 * have been laid over the section's defaults.
 *
 * @param antiAlias {@code ANTI_ALIAS}: low-pass a stream before it is brought to a lower rate (fused onto a
 *                  slower grid, cubic with a factor below 1)
 * @param filter    {@code FILTER}, applied to the whole recording after reading
 */
public record Recipe(
        String reader,
        boolean skipMalformed,
        double sampleRate,
        int trim,
        String resample,
        double resampleFactor,
        double segmentSeconds,
        int segmentPoints,
        int window,
        int stride,
        int keep,
        CsvLayout csv,
        boolean antiAlias,
        SignalFilter filter,
        boolean mixChannels,
        boolean pad) {

    public static final List<String> READERS = List.of("ag", "iq", "csv", "audio");
    /** {@code CHANNELS}: each channel of an audio file a view, or their mean as one view (librosa's {@code mono=True}). */
    public static final List<String> CHANNEL_MODES = List.of("views", "mix");
    public static final List<String> RESAMPLERS = List.of("none", "cubic", "linear_segments");

    /** A recipe with the defaults' ANTI_ALIAS (on) and FILTER (none). */
    public Recipe(String reader, boolean skipMalformed, double sampleRate, int trim, String resample, double resampleFactor,
                  double segmentSeconds, int segmentPoints, int window, int stride, int keep, CsvLayout csv, boolean mixChannels) {
        this(reader, skipMalformed, sampleRate, trim, resample, resampleFactor, segmentSeconds, segmentPoints, window, stride,
                keep, csv, true, SignalFilter.NONE, mixChannels, false);
    }

    /** Samples in each window after {@code KEEP}: the length every spectrogram is computed over. */
    public int windowLength() {
        return keep > 0 ? keep : window;
    }

    /** Columns and time axis of CSV input ({@code csv} and the {@code iq} preset). */
    public record CsvLayout(List<String> columns, String timeColumn, String timeUnit, double gridRate, char delimiter) {
        public static final List<String> TIME_UNITS = List.of("epoch_ms", "seconds", "iso", "hms");

        /** The original I/Q export: {@code Time,I,Q} with wall-clock {@code HH-MM-SS.mmm} times. */
        public static CsvLayout iq(double gridRate) {
            return new CsvLayout(List.of("I", "Q"), "Time", "hms", gridRate, ',');
        }
    }
}
