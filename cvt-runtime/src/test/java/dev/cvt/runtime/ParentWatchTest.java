package dev.cvt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM whose stdin pipe is closed, as happens when its parent dies. */
class ParentWatchTest {
    /** The child: watches as asked by args[0] (the property's value), then runs for a minute. */
    public static void main(String[] args) throws InterruptedException {
        System.setProperty(ParentWatch.PROPERTY, args[0]);
        ParentWatch.startIfRequested();
        System.out.println("running");
        Thread.sleep(60_000);
    }

    @TempDir
    Path dir;

    @Test
    void theChildExitsWhenItsStdinCloses() throws Exception {
        Process child = ChildJvm.start(dir, null, ParentWatchTest.class, "stdin");
        try {
            ChildJvm.awaitLine(child, "running");
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "still running after its stdin closed");
            assertEquals(ParentWatch.PARENT_GONE, child.exitValue());
            assertTrue(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("ERROR: the parent process closed"));
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void withoutTheRequestStdinIsLeftAlone() throws Exception {
        Process child = ChildJvm.start(dir, null, ParentWatchTest.class, "none");
        try {
            ChildJvm.awaitLine(child, "running");
            child.getOutputStream().close();
            assertFalse(child.waitFor(2, TimeUnit.SECONDS), "a command-line run with an empty stdin must keep running");
        } finally {
            child.destroyForcibly();
        }
    }
}
