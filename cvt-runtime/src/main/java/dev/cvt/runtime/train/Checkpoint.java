package dev.cvt.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.CvtException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a run after a complete epoch, in one file replaced atomically: the weights (running
 * statistics included), the optimizer's per-parameter state, the EMA weights, the number of epochs
 * done, the best validation top-1 so far and the metrics lines written so far. Nothing random needs
 * saving: every epoch's random streams are seeded from {@code SEED} and the epoch number, so a
 * resumed run draws what the uninterrupted one would have.
 */
public final class Checkpoint {
    private static final String MAGIC = "cvt-checkpoint";
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    /** What a checkpoint holds besides arrays. */
    public record Progress(int epochsDone, double bestTop1, List<String> metricsLines) {
    }

    public static void save(Path file, Progress progress, PairList<String, Parameter> parameters, ScheduledOptimizer optimizer,
                            ModelEma ema) {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(progress.epochsDone());
            out.writeDouble(progress.bestTop1());
            out.writeInt(progress.metricsLines().size());
            for (String line : progress.metricsLines()) {
                writeString(out, line);
            }
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
                writeString(out, e.getKey());
                byte[] bytes = e.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            out.flush();
        });
    }

    /** Loads {@code file} into the model, optimizer and EMA; arrays it creates live in {@code manager}. */
    public static Progress load(Path file, PairList<String, Parameter> parameters, ScheduledOptimizer optimizer, ModelEma ema,
                                NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new CvtException(file + ": not a checkpoint of this version");
            }
            int epochs = in.readInt();
            double best = in.readDouble();
            List<String> lines = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                lines.add(readString(in));
            }
            Map<String, byte[]> arrays = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String key = readString(in);
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                arrays.put(key, bytes);
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
                        state.put(key.substring(prefix.length(), key.length() - name.length() - 1),
                                decode(manager, arrays, key, file));
                    }
                }
                optimizer.restore(p.getValue().getId(), state);
                if (ema != null && arrays.containsKey("ema/" + name)) {
                    try (NDArray average = decode(manager, arrays, "ema/" + name, file)) {
                        ema.restore(name, average);
                    }
                }
            }
            return new Progress(epochs, best, lines);
        } catch (EOFException e) {
            throw new CvtException(file + ": truncated checkpoint");
        } catch (IOException e) {
            throw new CvtException(file + ": cannot read the checkpoint (" + e.getMessage() + ")");
        }
    }

    private static NDArray decode(NDManager manager, Map<String, byte[]> arrays, String key, Path file) {
        byte[] bytes = arrays.get(key);
        if (bytes == null) {
            throw new CvtException(file + ": has no " + key + "; it was written for another model. Delete it or set "
                    + "TRAIN.AUTO_RESUME false");
        }
        return manager.decode(bytes);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
