package dev.cvt.runtime.melgen;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** WAV files for the audio tests, written by Java Sound. */
final class AudioTestFiles {
    private AudioTestFiles() {
    }

    /** 16-bit signed little-endian PCM; {@code samples[c][i]} in [-1, 1) are scaled by 32768. */
    static Path pcm16(Path file, double rate, double[][] samples) throws IOException {
        int channels = samples.length;
        ByteBuffer bytes = ByteBuffer.allocate(samples[0].length * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples[0].length; i++) {
            for (double[] channel : samples) {
                bytes.putShort((short) Math.max(-32768, Math.min(32767, Math.round(channel[i] * 32768))));
            }
        }
        return write(file, new AudioFormat((float) rate, 16, channels, true, false), bytes.array());
    }

    /** Raw frames in any format. */
    static Path write(Path file, AudioFormat format, byte[] frames) throws IOException {
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(frames), format,
                frames.length / format.getFrameSize())) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    /** A tone of {@code hz} at {@code amplitude} for {@code seconds}. */
    static double[] tone(double hz, double rate, double seconds, double amplitude) {
        double[] x = new double[(int) Math.round(rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }
}
