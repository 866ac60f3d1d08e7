package dev.cvt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per output folder; the lock goes when its holder goes, whatever way it ends. */
class FolderLockTest {
    @TempDir
    Path dir;

    /** Holds the lock of the folder {@code args[0]} until killed. */
    public static final class Holder {
        public static void main(String[] args) throws InterruptedException {
            FolderLock lock = FolderLock.acquire(Path.of(args[0]), "holding it for a test");
            System.out.println("locked " + ProcessHandle.current().pid());
            Thread.sleep(120_000);
            lock.close();
        }
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderDies() throws Exception {
        Path folder = dir.resolve("out/multidim_imagenet/run");
        Process holder = ChildJvm.start(dir, null, Holder.class, folder.toString());
        try {
            ChildJvm.awaitLine(holder, "locked");
            CvtException refused = assertThrows(CvtException.class, () -> FolderLock.acquire(folder, "training"));
            assertTrue(refused.getMessage().startsWith(folder + ": in use by another run (PID " + holder.pid() + ", holding it for a test since "),
                    refused.getMessage());
        } finally {
            holder.destroyForcibly().waitFor(); // SIGKILL: no chance to unlock
        }
        try (FolderLock lock = FolderLock.acquire(folder, "training")) {
            assertTrue(Files.readString(FolderLock.lockFile(folder)).startsWith("PID " + ProcessHandle.current().pid() + ", training"));
        }
        assertEquals(dir.resolve("out/multidim_imagenet/.run.lock"), FolderLock.lockFile(folder), "beside the folder, not in it");
    }

    @Test
    void aSecondLockInThisProcessIsRefusedWithoutDroppingTheFirst() throws Exception {
        Path folder = dir.resolve("data");
        try (FolderLock first = FolderLock.acquire(folder, "melgen")) {
            CvtException refused = assertThrows(CvtException.class, () -> FolderLock.acquire(folder, "melgen"));
            assertTrue(refused.getMessage().contains("this process, PID " + ProcessHandle.current().pid()), refused.getMessage());
            // on Linux, opening and closing the file again would have released the first lock: another process must still be refused
            Process other = ChildJvm.start(dir, null, Holder.class, folder.toString());
            String output = ChildJvm.finish(other, 2);
            assertTrue(output.contains(folder + ": in use by another run (PID " + ProcessHandle.current().pid()), output);
        }
    }
}
