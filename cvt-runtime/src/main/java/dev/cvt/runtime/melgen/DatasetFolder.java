package dev.cvt.runtime.melgen;

import dev.cvt.runtime.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A dataset written into a staging folder beside its final place and swapped in by renames only
 * when complete: a failed or interrupted run leaves the previous dataset as it was.
 */
final class DatasetFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    DatasetFolder(Path target) {
        this.target = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.target.getParent());
            this.staging = Folders.createUniqueDirectory(this.target.getParent(), "." + this.target.getFileName() + ".staging-");
        } catch (IOException e) {
            throw new InputException(target + ": cannot create the dataset folder (" + e.getMessage() + ")");
        }
    }

    /** Where files go until {@link #commit()}. */
    Path staging() {
        return staging;
    }

    /** Replaces the target with the staged dataset. */
    void commit() {
        Path old = null;
        try {
            if (Files.exists(target)) {
                old = staging.resolveSibling("." + target.getFileName() + ".old-" + staging.getFileName());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new InputException(target + ": cannot move the new dataset into place (" + e.getMessage() + ")");
        } finally {
            if (old != null) {
                if (committed) {
                    Folders.deleteTree(old);
                } else if (!Files.exists(target)) {
                    try {
                        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException ignored) {
                        // the old dataset stays at the .old- path, which the error above names
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (!committed) {
            Folders.deleteTree(staging);
        }
    }
}
