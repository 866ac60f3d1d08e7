package dev.cvt.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process at a time writes an output folder (a run folder, a dataset): an exclusive lock on
 * {@code .<name>.lock} beside the folder, held until {@link #close()}. The lock file lives beside the
 * folder, not in it, because a fresh run moves the folder aside; it stays after the lock is released
 * (deleting it would let two processes lock two different files) and holds the holder's PID, which
 * the refusal names. The operating system releases the lock when the holder dies, {@code kill -9} included.
 *
 * <p>Locks held by this JVM are also kept in a set and checked first: on Linux, closing any channel of
 * a file drops every lock the process holds on it, so a second attempt in the same JVM (two
 * experiments of one Maven build writing one dataset) must not even open the file.
 */
public final class FolderLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code folder}. */
    public static Path lockFile(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    }

    /**
     * Locks {@code folder} (which need not exist yet) or fails at once.
     *
     * @param work what this process does there, e.g. {@code training}: written into the lock file for the next one to read
     * @throws CvtException when another process (or another run in this one) holds it, naming the folder and the holder
     */
    public static FolderLock acquire(Path folder, String work) {
        Path file;
        try {
            Path parent = Files.createDirectories(lockFile(folder).getParent());
            // the real path: two spellings of one folder (a symbolic link) are one lock
            file = parent.toRealPath().resolve(lockFile(folder).getFileName());
        } catch (IOException e) {
            throw new CvtException(lockFile(folder) + ": cannot lock the folder " + folder + " (" + e.getMessage() + ")", e);
        }
        if (!HELD.add(file)) {
            throw inUse(folder, "this process, PID " + ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                throw inUse(folder, holder.isEmpty() ? "see " + file : holder);
            }
            String me = "PID " + ProcessHandle.current().pid() + ", " + work + " since "
                    + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new FolderLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw new CvtException(file + ": cannot lock the folder " + folder + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw e;
        }
    }

    private static CvtException inUse(Path folder, String holder) {
        return new CvtException(folder + ": in use by another run (" + holder + "); wait for it to end, or give this run "
                + "another NAME or output folder");
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
        HELD.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it that could be lost
            }
        }
    }
}
