package dev.cvt.runtime.melgen;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code READER: audio}: one audio file per recording, its channels as views or mixed to one
 * ({@code CHANNELS}), brought to {@code SAMPLE_RATE} by the band-limited resampler.
 */
final class AudioReader {
    private AudioReader() {
    }

    static Signal read(Path file, String name, Recipe recipe, List<String> report) {
        AudioFiles.Audio audio = AudioFiles.read(file, name, recipe.skipMalformed(), report);
        double[][] channels = recipe.mixChannels() ? new double[][] {mix(audio.channels())} : audio.channels();
        double factor = recipe.sampleRate() / audio.sampleRate();
        if (factor != 1.0) {
            if (!(factor >= Resampling.MIN_FACTOR && factor <= Resampling.MAX_FACTOR)) {
                throw new InputException(name + ": from " + audio.sampleRate() + " Hz to SAMPLE_RATE " + recipe.sampleRate()
                        + " Hz is beyond the resampler's range of 1/256 to 256 times");
            }
            for (int c = 0; c < channels.length; c++) {
                channels[c] = Resampling.resample(channels[c], factor);
            }
        }
        return new Signal(new TimeAxis.Even(recipe.sampleRate(), 0, channels[0].length), channels);
    }

    /** The channels' mean, as librosa's {@code to_mono}. */
    private static double[] mix(double[][] channels) {
        double[] mono = new double[channels[0].length];
        for (double[] channel : channels) {
            for (int i = 0; i < mono.length; i++) {
                mono[i] += channel[i];
            }
        }
        for (int i = 0; i < mono.length; i++) {
            mono[i] /= channels.length;
        }
        return mono;
    }
}
