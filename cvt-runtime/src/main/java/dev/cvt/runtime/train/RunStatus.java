package dev.cvt.runtime.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cvt.runtime.CvtException;
import dev.cvt.runtime.FolderLock;
import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Keeps {@code run.json} ({@link RunRecord}) up to date while a run goes on: written at the start,
 * after every epoch and at the end, each time whole and atomically, so a report drawn during
 * training or after a crash tells what happened. Thread-safe: a shutdown hook may mark the run
 * interrupted while the training thread is still writing.
 */
public final class RunStatus {
    private static final String CPU = cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    private static final String JAVA = System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";

    private final Path file;
    private final long startNanos = System.nanoTime();
    private final double earlierSeconds;
    private final String started;
    private final ExperimentConfig config;
    private final String fingerprint;
    private final String bestScores;
    private RunRecord.State state = RunRecord.State.RUNNING;
    private String message = "";
    private int epochsDone;
    private Integer bestEpoch;
    private String device = "";
    private String djl = "";
    private String pytorch = "";

    private RunStatus(Path file, ExperimentConfig config, String fingerprint, RunRecord earlier, int epochsDone,
                      Integer bestEpoch) {
        this.file = file;
        this.config = config;
        this.fingerprint = fingerprint;
        this.earlierSeconds = earlier == null ? 0 : earlier.wallSeconds();
        this.started = earlier == null ? now() : earlier.started();
        this.bestScores = config.number("TRAIN.EMA_DECAY") > 0 ? EpochRecord.EMA : EpochRecord.RAW;
        this.epochsDone = epochsDone;
        this.bestEpoch = bestEpoch;
    }

    /**
     * Starts run.json of a fresh run ({@code resumed} null) or of a resumed one, whose started time and
     * wall time carry on from the run.json there (when it can be read).
     */
    static RunStatus start(RunDirectory run, ExperimentConfig config, TrainingFingerprint fingerprint, Checkpoint.Header resumed) {
        Path file = file(run);
        RunRecord earlier = null;
        if (resumed != null) {
            try {
                earlier = JsonFiles.readIfPresent(file, RunRecord.class);
            } catch (CvtException damaged) {
                // the times start again; nothing else depends on the old file
            }
        }
        RunStatus status = new RunStatus(file, config, fingerprint.hash(), earlier, resumed == null ? 0 : resumed.epochsDone(),
                resumed == null ? null : resumed.bestEpoch());
        status.write();
        return status;
    }

    synchronized void engine(Engine engine, Device device) {
        this.device = device.toString();
        this.djl = Engine.getDjlVersion();
        this.pytorch = engine.getVersion();
        write();
    }

    synchronized void epochDone(int epochsDone, Integer bestEpoch) {
        this.epochsDone = epochsDone;
        this.bestEpoch = bestEpoch;
        write();
    }

    synchronized void finished() {
        end(RunRecord.State.FINISHED, "");
    }

    synchronized void failed(String why) {
        end(RunRecord.State.FAILED, why);
    }

    /** Called from a shutdown hook (SIGTERM, Ctrl-C): the run did not end by itself. */
    synchronized void interrupted(String why) {
        end(RunRecord.State.INTERRUPTED, why);
    }

    private void end(RunRecord.State how, String why) {
        if (state == RunRecord.State.RUNNING) { // the first ending is the true one
            state = how;
            message = why;
            write();
        }
    }

    private void write() {
        double wall = earlierSeconds + (System.nanoTime() - startNanos) / 1e9;
        JsonFiles.write(file, new RunRecord(state, message, started, now(),
                config.file() == null ? "" : config.file().toString(), config.string("NAME"), config.integer("SEED"),
                config.integer("TRAIN.END_EPOCH"), epochsDone, bestEpoch, bestScores, wall, fingerprint, device, CPU, JAVA, djl,
                pytorch));
    }

    /**
     * For the process that started a run, after it ended: marks run.json {@code state} (failed or
     * interrupted) with {@code why} when the run's own process could not (killed, crashed), i.e. when it
     * still says running and no process holds the run folder. Returns whether it did.
     */
    public static boolean markEnded(RunDirectory run, RunRecord.State state, String why) {
        Path file = file(run);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        FolderLock lock;
        try {
            lock = FolderLock.acquire(run.dir(), "marking how the run ended");
        } catch (CvtException busy) {
            return false; // a process works there: run.json is its own and says what it does
        }
        try (lock) {
            RunRecord record = JsonFiles.read(file, RunRecord.class);
            if (record.state() != RunRecord.State.RUNNING) {
                return false;
            }
            JsonFiles.write(file, record.ended(state, why, now()));
            return true;
        }
    }

    static Path file(RunDirectory run) {
        return run.dir().resolve("run.json");
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
