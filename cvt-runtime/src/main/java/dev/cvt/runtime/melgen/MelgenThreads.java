package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CvtException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Melgen's threads ({@code MELGEN.THREADS}): tasks run on them, and so do the parallel streams inside the tasks. */
final class MelgenThreads implements AutoCloseable {
    private final ForkJoinPool pool;

    MelgenThreads(int threads) {
        pool = new ForkJoinPool(threads);
    }

    int threads() {
        return pool.getParallelism();
    }

    /** {@code task(0..n-1)} on the workers, results in order; the first user-input failure is rethrown as is. */
    <T> List<T> map(int n, IntFunction<T> task) {
        return call(() -> IntStream.range(0, n).parallel().mapToObj(task).toList());
    }

    /** The task run on the workers, so its parallel streams use them; user-input failures are rethrown as is. */
    <T> T call(Callable<T> task) {
        try {
            return pool.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CvtException("melgen interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CvtException("melgen failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
