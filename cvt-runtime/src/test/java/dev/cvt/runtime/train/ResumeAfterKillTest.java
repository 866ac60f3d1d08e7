package dev.cvt.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvt.runtime.JsonFiles;
import dev.cvt.runtime.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TRAIN.AUTO_RESUME}: a training process killed with SIGKILL in the middle of an epoch and
 * started again ends with exactly the metrics of a run that was never interrupted; one stopped with
 * SIGTERM says so in run.json.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    private Process train(String name, String epochs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--cfg", "tiny.yaml",
                "NAME", name, "TRAIN.END_EPOCH", epochs, "PRINT_FREQ", "1"));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    /** Waits until the process's output file holds {@code text}. */
    private static void awaitOutput(Process process, Path output, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!(Files.exists(output) && Files.readString(output).contains(text))) {
            assertTrue(process.isAlive(), Files.readString(output));
            assertTrue(System.nanoTime() < deadline, text + " never came");
            Thread.sleep(20);
        }
    }

    @Test
    void killedRunResumesToTheSameMetrics() throws Exception {
        TinyExperiment.write(dir);
        Process whole = train("whole", "4");
        assertTrue(whole.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, whole.exitValue(), Files.readString(dir.resolve("whole.out")));

        Path metrics = dir.resolve("out/multidim_imagenet/killed/metrics.jsonl");
        Path output = dir.resolve("killed.out");
        Process killed = train("killed", "4");
        // wait until epoch 1 is done and epoch 2 has begun its iterations, then kill without warning
        awaitOutput(killed, output, "Epoch[2/4][1/6]");
        killed.destroyForcibly(); // SIGKILL
        killed.waitFor();
        assertEquals(2, Files.readAllLines(metrics).size(), "epochs 0 and 1 were complete when the process was killed");

        Process resumed = train("killed", "4");
        assertTrue(resumed.waitFor(5, TimeUnit.MINUTES));
        String log = Files.readString(output);
        assertEquals(0, resumed.exitValue(), log);
        assertTrue(log.contains("resumed from") && log.contains("2 epoch(s) done"), log);
        assertEquals(TrainingTest.metricsWithoutTimes(dir.resolve("out/multidim_imagenet/whole/metrics.jsonl")),
                TrainingTest.metricsWithoutTimes(metrics));
    }

    @Test
    void aTerminatedRunSaysSoInRunJson() throws Exception {
        TinyExperiment.write(dir);
        Path output = dir.resolve("stopped.out");
        Process stopped = train("stopped", "50");
        awaitOutput(stopped, output, "Epoch[1/50][1/6]");
        stopped.destroy(); // SIGTERM, as a CI runner or Ctrl-C ends a job
        assertTrue(stopped.waitFor(1, TimeUnit.MINUTES));
        RunRecord status = JsonFiles.read(dir.resolve("out/multidim_imagenet/stopped/run.json"), RunRecord.class);
        assertEquals(RunRecord.State.INTERRUPTED, status.state(), Files.readString(output));
        assertEquals("stopped by a signal (SIGTERM, Ctrl-C) before it ended", status.message());
    }
}
