package dev.cvt.runtime.melgen;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

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
            this.staging = Files.createTempDirectory(this.target.getParent(), "." + this.target.getFileName() + ".staging-");
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
                    deleteTree(old);
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
            deleteTree(staging);
        }
    }

    /**
     * Best effort: what cannot be deleted (a file someone holds open) stays behind under its
     * dot-name beside the dataset, and the run does not fail for it.
     */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // see above
        }
    }
}
