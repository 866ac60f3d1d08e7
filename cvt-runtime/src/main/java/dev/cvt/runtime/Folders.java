package dev.cvt.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Staging places beside an output and their removal. Unlike {@link Files#createTempFile} and
 * {@link Files#createTempDirectory}, which make them private ({@code rw-------}, {@code rwx------}),
 * these get the modes the process's umask gives any new file (usually {@code rw-r--r--} and
 * {@code rwxr-xr-x}): renamed into place they are the output, and a published site or a CI artifact
 * must be readable by others as any other file the build writes.
 */
public final class Folders {
    private Folders() {
    }

    /** A new empty file {@code <dir>/<prefix><random><suffix>}. */
    public static Path createUniqueFile(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix));
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    /** A new empty folder {@code <dir>/<prefix><random>}. */
    public static Path createUniqueDirectory(Path dir, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
            } catch (FileAlreadyExistsException taken) {
                // another name
            }
        }
    }

    /**
     * Deletes a tree, best effort: what cannot be deleted (a file someone holds open) stays behind
     * and the caller does not fail for it.
     */
    public static void deleteTree(Path root) {
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
