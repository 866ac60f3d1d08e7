package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cvt.runtime.AtomicFiles;
import dev.cvt.runtime.Json;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code run.json} in the run folder: the state of the run ({@code running}, {@code finished},
 * {@code failed} with the reason), when it started, its wall time (summed over resumed runs), epochs
 * done, and what it ran on (device, CPU, Java, DJL, PyTorch, seed). Rewritten atomically after every
 * epoch, so a report drawn during training or after a crash tells what happened.
 */
final class RunStatus {
    private final Path file;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private final double earlierSeconds;

    private RunStatus(Path file, double earlierSeconds) {
        this.file = file;
        this.earlierSeconds = earlierSeconds;
    }

    static RunStatus start(RunDirectory run, ExperimentConfig config, boolean resuming) {
        Path file = run.dir().resolve("run.json");
        Map<?, ?> previous = resuming ? read(file) : Map.of();
        double earlier = previous.get("wall_seconds") instanceof Number n ? n.doubleValue() : 0;
        RunStatus status = new RunStatus(file, earlier);
        status.fields.put("state", "running");
        status.fields.put("started", previous.containsKey("started") ? previous.get("started") : now());
        status.fields.put("updated", now());
        status.fields.put("config_file", config.file() == null ? "" : config.file().toString());
        status.fields.put("name", config.string("NAME"));
        status.fields.put("seed", config.integer("SEED"));
        status.fields.put("end_epoch", config.integer("TRAIN.END_EPOCH"));
        status.fields.put("epochs_done", 0);
        status.fields.put("wall_seconds", earlier);
        status.fields.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        status.fields.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        status.write();
        return status;
    }

    void engine(Engine engine, Device device) {
        fields.put("device", device.toString());
        fields.put("djl", Engine.getDjlVersion());
        fields.put("pytorch", engine.getVersion());
        write();
    }

    void epochDone(int epochsDone) {
        fields.put("epochs_done", epochsDone);
        write();
    }

    void finished() {
        fields.put("state", "finished");
        write();
    }

    void failed(String message) {
        fields.put("state", "failed");
        fields.put("message", message);
        write();
    }

    private void write() {
        fields.put("updated", now());
        fields.put("wall_seconds", earlierSeconds + (System.nanoTime() - startNanos) / 1e9);
        AtomicFiles.writeString(file, Json.write(fields) + "\n");
    }

    private static Map<?, ?> read(Path file) {
        try {
            Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return value instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // no earlier status, or a damaged one: the times start again
        }
    }

    private static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
