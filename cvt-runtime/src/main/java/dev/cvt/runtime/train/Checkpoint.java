package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.model.Weights;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The state of a run after a complete epoch, in one file replaced atomically: a header (the training
 * fingerprint, epochs done, the best epoch so far, the metrics so far), the weights (running
 * statistics included), the optimizer's per-parameter state and the EMA weights, then a CRC-32C of
 * everything before it, checked before anything is read. Nothing random needs saving: every epoch's
 * random streams are seeded from {@code SEED} and the epoch number, so a resumed run draws what the
 * uninterrupted one would have.
 */
public final class Checkpoint {
    private static final String MAGIC = "cvt-checkpoint";
    /** 3: the header holds the loss scaler. */
    static final int FORMAT = 3;
    private static final int TRAILER = Long.BYTES;

    private Checkpoint() {
    }

    /**
     * What a checkpoint holds besides arrays.
     *
     * @param bestTop1  the top-1 that picked {@code model_best}, -1 before any validation
     * @param bestEpoch its epoch, null before any validation
     * @param epochs    metrics.jsonl up to here, one record per epoch done
     * @param lossScaler the mixed-precision loss scaler's state; null in float32
     */
    public record Header(TrainingFingerprint fingerprint, int epochsDone, double bestTop1, Integer bestEpoch,
                         List<EpochRecord> epochs, @JsonFiles.Nullable LossScaler.State lossScaler) {
    }

    /**
     * A checkpoint on disk whose checksum matched. {@code header} is null when the file is of an older
     * format (no fingerprint, no checksum): it cannot be resumed.
     */
    public record Stored(Path file, int format, Header header) {
    }

    public static void save(Path file, Header header, PairList<String, Parameter> parameters, ScheduledOptimizer optimizer,
                            ModelEma ema) {
        AtomicFiles.write(file, stream -> {
            BufferedOutputStream buffered = new BufferedOutputStream(stream, 1 << 20);
            CRC32C checksum = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, checksum));
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            writeBytes(out, JsonFiles.line(header).getBytes(StandardCharsets.UTF_8));
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : parameters) {
                arrays.put("weight/" + p.getKey(), p.getValue().getArray());
                optimizer.state(p.getValue().getId()).forEach((k, v) -> arrays.put("optimizer/" + k + "/" + p.getKey(), v));
            }
            if (ema != null) {
                ema.arrays().forEach((name, array) -> arrays.put("ema/" + name, array));
            }
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, e.getValue().encode());
            }
            out.flush();
            new DataOutputStream(buffered).writeLong(checksum.getValue());
            buffered.flush();
        });
    }

    /**
     * Checks {@code file} and reads its header.
     *
     * @throws CvtException when it is not a checkpoint, is truncated or its checksum does not match
     */
    public static Stored open(Path file) {
        try (DataInputStream in = input(file)) {
            if (!MAGIC.equals(magic(in))) {
                throw new CvtException(file + ": not a cvt checkpoint");
            }
            int format = in.readInt();
            if (format == 1) {
                return new Stored(file, format, null); // format 1 had no checksum
            }
            verify(file); // before the format number is believed: a damaged one reads as corrupt
            if (format < FORMAT) {
                return new Stored(file, format, null); // read, but its header is not this version's
            }
            if (format != FORMAT) {
                throw new CvtException(file + ": a checkpoint of format " + format + "; this cvt-runtime reads format " + FORMAT);
            }
            return new Stored(file, format, JsonFiles.parse(new String(readBytes(in), StandardCharsets.UTF_8), Header.class,
                    file + " (header)"));
        } catch (EOFException | UTFDataFormatException e) {
            throw new CvtException(file + ": corrupt checkpoint (truncated or damaged)");
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads a checkpoint {@link #open opened} before into the model, optimizer and EMA; arrays it creates
     * live in {@code manager}. Weights that are not finite are refused: such a state cannot be trained on.
     */
    public static void restore(Stored stored, PairList<String, Parameter> parameters, ScheduledOptimizer optimizer, ModelEma ema,
                               NDManager manager) {
        Path file = stored.file();
        // checked again: the file must still be the one whose header decided to resume it
        if (!stored.header().equals(open(file).header())) {
            throw new CvtException(file + ": changed since it was checked; run again");
        }
        Map<String, byte[]> arrays = new HashMap<>();
        try (DataInputStream in = input(file)) {
            in.readUTF();
            in.readInt();
            readBytes(in); // the header, read by open()
            for (int i = in.readInt(); i > 0; i--) {
                arrays.put(new String(readBytes(in), StandardCharsets.UTF_8), readBytes(in));
            }
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read the checkpoint (" + e.getMessage() + ")", e);
        }
        for (Pair<String, Parameter> p : parameters) {
            String name = p.getKey();
            NDArray saved = decode(manager, arrays, "weight/" + name, file);
            try (NDArray w = p.getValue().getArray().stopGradient()) {
                if (!w.getShape().equals(saved.getShape())) {
                    throw new CvtException(file + ": parameter " + name + " has shape " + saved.getShape() + " there, "
                            + w.getShape() + " in the configured model; a different MODEL.SPEC? Delete the checkpoint "
                            + "or set TRAIN.AUTO_RESUME false");
                }
                w.muli(0).addi(saved);
            }
            saved.close();
            Map<String, NDArray> state = new LinkedHashMap<>();
            String prefix = "optimizer/";
            for (String key : arrays.keySet()) {
                if (key.startsWith(prefix) && key.endsWith("/" + name) && key.indexOf('/', prefix.length()) == key.length() - name.length() - 1) {
                    state.put(key.substring(prefix.length(), key.length() - name.length() - 1), decode(manager, arrays, key, file));
                }
            }
            optimizer.restore(p.getValue().getId(), state);
            if (ema != null && arrays.containsKey("ema/" + name)) {
                try (NDArray average = decode(manager, arrays, "ema/" + name, file)) {
                    ema.restore(name, average);
                }
            }
        }
        String broken = Weights.firstNonFinite(parameters, ema == null ? null : ema.arrays());
        if (broken != null) {
            throw new CvtException(file + ": holds weights that are not finite (" + broken + "); it cannot be resumed: "
                    + "delete it or train with --force");
        }
    }

    /** The whole file but its trailer, CRC-32C, against the trailer. */
    private static void verify(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long covered = channel.size() - TRAILER;
            if (covered < 0) {
                throw new EOFException();
            }
            CRC32C checksum = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            for (long position = 0; position < covered; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), covered - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new EOFException();
                }
                position += n;
                checksum.update(buffer.flip());
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
            while (trailer.hasRemaining() && channel.read(trailer, covered + trailer.position()) > 0) {
                // read the last bytes
            }
            if (trailer.hasRemaining() || trailer.getLong(0) != checksum.getValue()) {
                throw new CvtException(file + ": corrupt checkpoint (checksum mismatch); delete it, or train with --force "
                        + "to start again");
            }
        }
    }

    /** The leading string, or null when the file does not start with one (any other file). */
    private static String magic(DataInputStream in) throws IOException {
        try {
            return in.readUTF();
        } catch (EOFException | UTFDataFormatException e) {
            return null;
        }
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
    }

    private static NDArray decode(NDManager manager, Map<String, byte[]> arrays, String key, Path file) {
        byte[] bytes = arrays.get(key);
        if (bytes == null) {
            throw new CvtException(file + ": has no " + key + "; it was written for another model. Delete it or set "
                    + "TRAIN.AUTO_RESUME false");
        }
        return manager.decode(bytes);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
