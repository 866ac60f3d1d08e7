package dev.cvt.runtime.melgen;

import be.tarsos.dsp.io.TarsosDSPAudioFloatConverter;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Audio recordings as Java Sound reads them without external programs (WAV, AIFF, AU: PCM of 8 to 32
 * bits, float, and the A-law and µ-law that Java Sound decodes to PCM), turned into floats by
 * TarsosDSP's converter, then put on the scale of libsndfile, librosa's reader, so that a file gives
 * the values of {@code librosa.load(sr=None)}: TarsosDSP (Java Sound's Gervill code) divides an
 * integer sample by 2^(bits-1) - 1 and centres unsigned 8-bit samples at 127, libsndfile divides by
 * 2^(bits-1) and centres at 128. The scale alone would only shift fixed-REF decibels by 0.0003 dB
 * at 16 bits; the centre is a constant offset, which shows at every recording's edges.
 */
final class AudioFiles {
    /** A share of samples at full scale above which a recording is reported as clipped (0.1 %). */
    private static final double CLIPPED_SHARE = 1e-3;
    /** Frames decoded at a time. */
    private static final int BLOCK_FRAMES = 1 << 14;

    private AudioFiles() {
    }

    /** What the file's header says: enough to check a dataset before reading any samples. */
    record Header(int channels, double sampleRate, long frames, String format) {
        double seconds() {
            return frames / sampleRate;
        }
    }

    /** A decoded recording: {@code channels[c][i]}, sample i of channel c, at the file's own rate. */
    record Audio(double[][] channels, double sampleRate) {
    }

    static Header header(Path file, String name) {
        try {
            AudioFileFormat fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
            AudioFormat format = fileFormat.getFormat();
            if (format.getChannels() < 1) {
                throw new InputException(name + ": the audio header declares " + format.getChannels() + " channels");
            }
            if (!(format.getSampleRate() > 0)) {
                throw new InputException(name + ": the audio header declares no sample rate (" + format.getSampleRate() + ")");
            }
            return new Header(format.getChannels(), format.getSampleRate(), fileFormat.getFrameLength(),
                    fileFormat.getType() + " " + format);
        } catch (UnsupportedAudioFileException e) {
            throw new InputException(name + ": not an audio file Java Sound can read (WAV, AIFF or AU with PCM, float, "
                    + "A-law or µ-law samples): " + wavProblem(file).orElse(e.getMessage() == null ? "unrecognised header" : e.getMessage()));
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * What is wrong with a WAV header Java Sound turned down, when its format chunk says (Java Sound only
     * says "unsupported format"): no channels, or samples in an encoding it has no decoder for.
     */
    private static Optional<String> wavProblem(Path file) {
        byte[] head = new byte[64];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(head, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        if (length < 24 || bytes.getInt(0) != 0x46464952 || bytes.getInt(8) != 0x45564157 || bytes.getInt(12) != 0x20746d66) {
            return Optional.empty(); // not "RIFF....WAVEfmt ": another kind of file
        }
        int formatTag = bytes.getShort(20) & 0xffff;
        int channels = bytes.getShort(22) & 0xffff;
        if (channels == 0) {
            return Optional.of("its WAV header declares 0 channels");
        }
        // 1 PCM, 3 float, 6 A-law, 7 µ-law, 0xFFFE extensible (PCM or float inside)
        if (!List.of(1, 3, 6, 7, 0xfffe).contains(formatTag)) {
            return Optional.of(String.format(Locale.ROOT, "its WAV samples are compressed (format tag 0x%04X): convert it to PCM WAV",
                    formatTag));
        }
        return Optional.empty();
    }

    /**
     * Every sample of the file. A file that ends before the frame count its header promises is cut
     * short (an interrupted copy or recording): an error, or with {@code keepTruncated} the frames
     * that are there and a line in {@code report}. Silence and clipping are reported, not fatal.
     */
    static Audio read(Path file, String name, boolean keepTruncated, List<String> report) {
        Header header = header(file, name);
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile());
             AudioInputStream stream = asPcm(raw, name)) {
            AudioFormat format = stream.getFormat();
            // no more frames than the file has bytes for: a header may promise any length (a streaming
            // placeholder says 4 GB), and the channels are sized before the first sample is read
            long fileFrames = Files.size(file) / Math.max(1, raw.getFormat().getFrameSize());
            double[][] channels = decode(stream, format, stream.getFrameLength() == AudioSystem.NOT_SPECIFIED ? fileFrames
                    : Math.min(stream.getFrameLength(), fileFrames));
            long frames = channels[0].length;
            if (header.frames() != AudioSystem.NOT_SPECIFIED && frames < header.frames()) {
                String problem = String.format(Locale.ROOT, "%s: truncated: the header promises %d frames (%.3f s), the file holds %d",
                        name, header.frames(), header.seconds(), frames);
                if (!keepTruncated) {
                    throw new InputException(problem + " (set MELGEN.MALFORMED: warn to use the frames that are there)");
                }
                report.add(problem + "; using those");
            }
            if (frames == 0) {
                throw new InputException(name + ": no audio samples");
            }
            checkLevels(channels, format, name, report);
            return new Audio(channels, format.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new InputException(name + ": not an audio file Java Sound can read: " + e.getMessage());
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** PCM as it is, A-law and µ-law decoded to 16-bit PCM by Java Sound. */
    private static AudioInputStream asPcm(AudioInputStream stream, String name) {
        AudioFormat format = stream.getFormat();
        AudioFormat.Encoding encoding = format.getEncoding();
        if (encoding.equals(AudioFormat.Encoding.PCM_SIGNED) || encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || encoding.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return stream;
        }
        AudioFormat pcm = new AudioFormat(format.getSampleRate(), 16, format.getChannels(), true, false);
        if (!AudioSystem.isConversionSupported(pcm, format)) {
            throw new InputException(name + ": its samples are " + encoding + ", which Java Sound cannot decode to PCM "
                    + "(convert the file to PCM WAV)");
        }
        return AudioSystem.getAudioInputStream(pcm, stream);
    }

    private static TarsosDSPAudioFormat tarsosFormat(AudioFormat format) {
        AudioFormat.Encoding encoding = format.getEncoding();
        TarsosDSPAudioFormat.Encoding tarsos = encoding.equals(AudioFormat.Encoding.PCM_FLOAT) ? TarsosDSPAudioFloatConverter.PCM_FLOAT
                : encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED) ? TarsosDSPAudioFormat.Encoding.PCM_UNSIGNED
                : TarsosDSPAudioFormat.Encoding.PCM_SIGNED;
        return new TarsosDSPAudioFormat(tarsos, format.getSampleRate(), format.getSampleSizeInBits(), format.getChannels(),
                format.getFrameSize(), format.getFrameRate(), format.isBigEndian());
    }

    /** {@code scale[0] * v + scale[1]} takes TarsosDSP's value {@code v} to libsndfile's. */
    private static double[] librosaScale(AudioFormat format) {
        if (format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return new double[] {1, 0};
        }
        double largest = Math.pow(2, format.getSampleSizeInBits() - 1) - 1;
        // unsigned: TarsosDSP gives (u - largest) / largest, libsndfile (u - largest - 1) / (largest + 1)
        double offset = format.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED) ? -1 / (largest + 1) : 0;
        return new double[] {largest / (largest + 1), offset};
    }

    /**
     * The stream's samples per channel on libsndfile's scale, decoded a block at a time: the whole file's
     * bytes and floats at once were twice as much memory again as its samples. The channels start at
     * {@code expectedFrames} and grow if the stream holds more (Java Sound hands out whole frames only).
     */
    private static double[][] decode(AudioInputStream stream, AudioFormat format, long expectedFrames) throws IOException {
        int channelCount = format.getChannels();
        int frameSize = format.getFrameSize();
        TarsosDSPAudioFloatConverter converter = TarsosDSPAudioFloatConverter.getConverter(tarsosFormat(format));
        double[] scale = librosaScale(format);
        double[][] channels = new double[channelCount][(int) Math.min(expectedFrames, Integer.MAX_VALUE - 8)];
        byte[] bytes = new byte[BLOCK_FRAMES * frameSize];
        float[] interleaved = new float[BLOCK_FRAMES * channelCount];
        int frames = 0;
        int read;
        while ((read = stream.readNBytes(bytes, 0, bytes.length)) > 0) {
            int blockFrames = read / frameSize;
            if (frames + blockFrames > channels[0].length) {
                for (int c = 0; c < channelCount; c++) {
                    channels[c] = Arrays.copyOf(channels[c], Math.max(frames + blockFrames, 2 * channels[c].length));
                }
            }
            converter.toFloatArray(bytes, 0, interleaved, 0, blockFrames * channelCount);
            deinterleave(interleaved, blockFrames, scale, channels, frames);
            frames += blockFrames;
        }
        return trimmed(channels, frames);
    }

    /**
     * Frame i of the block into frame {@code at + i} of the channels, on libsndfile's scale. A method of
     * its own, so that it is compiled after a few blocks rather than replaced mid-loop (on-stack) again
     * and again while the whole file's loop runs.
     */
    private static void deinterleave(float[] interleaved, int frames, double[] scale, double[][] channels, int at) {
        int channelCount = channels.length;
        double factor = scale[0];
        double offset = scale[1];
        for (int c = 0; c < channelCount; c++) {
            double[] channel = channels[c];
            for (int i = 0; i < frames; i++) {
                channel[at + i] = factor * interleaved[i * channelCount + c] + offset;
            }
        }
    }

    private static double[][] trimmed(double[][] channels, int frames) {
        if (channels[0].length == frames) {
            return channels;
        }
        double[][] out = new double[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = Arrays.copyOf(channels[c], frames);
        }
        return out;
    }

    /**
     * A silent channel gives spectrograms of nothing, and a clipped one harmonics the sound did not
     * have: both are worth a line, neither makes the file unusable.
     */
    private static void checkLevels(double[][] channels, AudioFormat format, String name, List<String> report) {
        boolean integer = !format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT);
        // the largest positive integer sample, over 2^(bits-1); float files clip at 1.0
        double fullScale = integer ? 1.0 - Math.pow(2, 1 - format.getSampleSizeInBits()) : 1.0;
        for (int c = 0; c < channels.length; c++) {
            String channel = channels.length > 1 ? " channel " + (c + 1) : "";
            long atFullScale = 0;
            boolean silent = true;
            for (double v : channels[c]) {
                silent &= v == 0;
                if (v >= fullScale || v <= -1.0) {
                    atFullScale++;
                }
            }
            if (silent) {
                report.add(name + channel + ": silent (every sample is 0): its spectrograms are flat");
            } else if (atFullScale > CLIPPED_SHARE * channels[c].length) {
                report.add(String.format(Locale.ROOT, "%s%s: clipped: %d samples (%.2f %%) at full scale", name, channel, atFullScale,
                        100.0 * atFullScale / channels[c].length));
            }
        }
    }
}
