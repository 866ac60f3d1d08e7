package dev.cvt.runtime.melgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {
    @TempDir
    Path dir;

    private final List<String> report = new ArrayList<>();

    private AudioFiles.Audio read(Path file) {
        return AudioFiles.read(file, file.getFileName().toString(), false, report);
    }

    @Test
    void integerSamplesOnLibsndfilesScale() throws IOException {
        // libsndfile (librosa.load) divides by 2^(bits-1) and centres unsigned 8-bit samples at 128
        Path pcm16 = AudioTestFiles.write(dir.resolve("16.wav"), new AudioFormat(8000, 16, 1, true, false),
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0).putShort((short) 16384)
                        .putShort((short) -32768).putShort((short) 32767).array());
        assertArrayEquals(new double[] {0, 0.5, -1, 32767 / 32768.0}, read(pcm16).channels()[0], 1e-7);
        Path unsigned8 = AudioTestFiles.write(dir.resolve("8.wav"), new AudioFormat(8000, 8, 1, false, false),
                new byte[] {(byte) 128, (byte) 192, 0, (byte) 255});
        assertArrayEquals(new double[] {0, 0.5, -1, 127 / 128.0}, read(unsigned8).channels()[0], 1e-7);
        byte[] pcm24 = {0, 0, 0, 0, 0, 0x40, 0, 0, (byte) 0x80, (byte) 0xff, (byte) 0xff, 0x7f};
        assertArrayEquals(new double[] {0, 0.5, -1, 8388607 / 8388608.0},
                read(AudioTestFiles.write(dir.resolve("24.wav"), new AudioFormat(8000, 24, 1, true, false), pcm24)).channels()[0], 1e-7);
        assertEquals(8000, read(pcm16).sampleRate());
    }

    @Test
    void floatSamplesAsTheyAre() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.75f).putFloat(0.125f);
        Path file = AudioTestFiles.write(dir.resolve("f.wav"),
                new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 16000, 32, 1, 4, 16000, false), floats.array());
        assertArrayEquals(new double[] {0.25, -0.75, 0.125}, read(file).channels()[0]);
    }

    @Test
    void channelsAreDeinterleaved() throws IOException {
        Path file = AudioTestFiles.pcm16(dir.resolve("stereo.wav"), 8000, new double[][] {{0.5, 0.25, 0}, {-0.5, -0.25, -1}});
        AudioFiles.Audio audio = read(file);
        assertEquals(2, audio.channels().length);
        assertArrayEquals(new double[] {0.5, 0.25, 0}, audio.channels()[0], 1e-7);
        assertArrayEquals(new double[] {-0.5, -0.25, -1}, audio.channels()[1], 1e-7);
        assertEquals(2, AudioFiles.header(file, "stereo.wav").channels());
    }

    @Test
    void aTruncatedFileIsAnErrorOrWithMalformedWarnTheFramesThatAreThere() throws IOException {
        Path whole = AudioTestFiles.pcm16(dir.resolve("whole.wav"), 8000, new double[][] {AudioTestFiles.tone(440, 8000, 0.5, 0.3)});
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(bytes, bytes.length - 1001));
        InputException e = assertThrows(InputException.class, () -> read(cut));
        assertTrue(e.getMessage().startsWith("cut.wav: truncated: the header promises 4000 frames (0.500 s), the file holds 3499"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(set MELGEN.MALFORMED: warn to use the frames that are there)"), e.getMessage());
        AudioFiles.Audio kept = AudioFiles.read(cut, "cut.wav", true, report);
        assertEquals(3499, kept.channels()[0].length);
        assertEquals(List.of("cut.wav: truncated: the header promises 4000 frames (0.500 s), the file holds 3499; using those"), report);
    }

    @Test
    void aLongFileIsReadBlockByBlockWithEverySampleInPlace() throws IOException {
        // 40,000 stereo frames: more than two of the blocks the reader decodes at a time
        double[][] samples = new double[2][40_000];
        for (int i = 0; i < samples[0].length; i++) {
            samples[0][i] = ((i * 37) % 65536 - 32768) / 32768.0;
            samples[1][i] = ((i * 91 + 12345) % 65536 - 32768) / 32768.0;
        }
        AudioFiles.Audio audio = read(AudioTestFiles.pcm16(dir.resolve("long.wav"), 8000, samples));
        assertArrayEquals(samples[0], audio.channels()[0], 1e-7); // a step of 16 bits is 3e-5
        assertArrayEquals(samples[1], audio.channels()[1], 1e-7);
    }

    @Test
    void aHeaderPromisingFarMoreThanTheFileHoldsIsATruncatedFileNotAHugeAllocation() throws IOException {
        // a streaming writer's placeholder sizes: 4 GB of data, about a thousand million stereo frames
        Path file = AudioTestFiles.pcm16(dir.resolve("stream.wav"), 8000, new double[][] {
                AudioTestFiles.tone(440, 8000, 2.5, 0.3), AudioTestFiles.tone(660, 8000, 2.5, 0.3)});
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x61746164, header.getInt(36), "the data chunk follows the 16-byte format chunk");
        header.putInt(4, -1).putInt(40, -1);
        Files.write(file, bytes);
        InputException e = assertThrows(InputException.class, () -> read(file));
        assertTrue(e.getMessage().startsWith("stream.wav: truncated: the header promises 1073741823 frames"), e.getMessage());
        assertTrue(e.getMessage().contains("the file holds 20000"), e.getMessage());
        assertEquals(20_000, AudioFiles.read(file, "stream.wav", true, report).channels()[1].length);
    }

    @Test
    void notAudioIsAnErrorNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "id,value\n1,2\n");
        InputException e = assertThrows(InputException.class, () -> read(text));
        assertTrue(e.getMessage().startsWith("notes.wav: not an audio file Java Sound can read"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertTrue(assertThrows(InputException.class, () -> read(empty)).getMessage().startsWith("empty.wav: "));
    }

    @Test
    void aHeaderWithoutChannelsIsAnError() throws IOException {
        Path file = AudioTestFiles.pcm16(dir.resolve("zero.wav"), 8000, new double[][] {{0.1, 0.2}});
        byte[] bytes = Files.readAllBytes(file);
        bytes[22] = 0; // the fmt chunk's channel count
        bytes[23] = 0;
        Files.write(file, bytes);
        InputException e = assertThrows(InputException.class, () -> read(file));
        assertTrue(e.getMessage().startsWith("zero.wav: not an audio file Java Sound can read"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": its WAV header declares 0 channels"), e.getMessage());
        bytes[22] = 1;
        bytes[20] = 0x55; // MPEG layer 3 inside a WAV
        Files.write(file, bytes);
        InputException mp3 = assertThrows(InputException.class, () -> read(file));
        assertTrue(mp3.getMessage().endsWith(": its WAV samples are compressed (format tag 0x0055): convert it to PCM WAV"),
                mp3.getMessage());
    }

    @Test
    void silenceAndClippingAreReported() throws IOException {
        read(AudioTestFiles.pcm16(dir.resolve("silent.wav"), 8000, new double[][] {new double[800]}));
        double[] loud = AudioTestFiles.tone(100, 8000, 0.1, 3.0); // three times full scale: most samples clip
        read(AudioTestFiles.pcm16(dir.resolve("loud.wav"), 8000, new double[][] {AudioTestFiles.tone(100, 8000, 0.1, 0.5), loud}));
        assertEquals("silent.wav: silent (every sample is 0): its spectrograms are flat", report.get(0));
        assertTrue(report.get(1).startsWith("loud.wav channel 2: clipped: "), report.get(1));
        assertEquals(2, report.size(), report.toString());
    }
}
