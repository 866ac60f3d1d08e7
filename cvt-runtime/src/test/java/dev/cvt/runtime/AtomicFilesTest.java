package dev.cvt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs get the modes any new file gets (the umask's), not the private ones of temporary files. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFileWrittenAtomicallyIsAsReadableAsAnyNewFile() throws Exception {
        AtomicFiles.writeString(dir.resolve("run.json"), "{}\n");
        assertEquals(mode(Files.createFile(dir.resolve("plain"))), mode(dir.resolve("run.json")));
        AtomicFiles.writeString(dir.resolve("run.json"), "{\"again\": 1}\n");
        assertEquals(mode(dir.resolve("plain")), mode(dir.resolve("run.json")), "replaced, same mode");
    }

    @Test
    void stagingFoldersAreAsReadableAsAnyNewFolder() throws Exception {
        Path staged = Folders.createUniqueDirectory(dir, ".dataset.staging-");
        assertEquals(mode(Files.createDirectory(dir.resolve("plain"))), mode(staged));
    }
}
