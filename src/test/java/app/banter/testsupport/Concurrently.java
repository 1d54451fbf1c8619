package app.banter.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs tasks on their own threads, released together, and collects what each returned or threw. */
public final class Concurrently {

    /** Far more than any task of the suite takes on a busy machine: a task still running then is stuck. */
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private Concurrently() {
    }

    /** The outcome of one task: its result, or the exception it threw. */
    public record Outcome<T>(T result, Throwable failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    public static <T> List<Outcome<T>> run(int tasks, IntFunction<T> task) {
        return run(tasks, LIMIT, task);
    }

    /** {@link #run(int, IntFunction)}, giving up on tasks not all finished {@code limit} after their release. */
    public static <T> List<Outcome<T>> run(int tasks, Duration limit, IntFunction<T> task) {
        CountDownLatch start = new CountDownLatch(1);
        // Not closed by try-with-resources: close() waits for every task, so one stuck for good (on a lock, or on a
        // request that is never answered) would hang the whole test run instead of failing this test.
        ExecutorService threads = Executors.newFixedThreadPool(tasks);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.apply(index);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            long deadline = System.nanoTime() + limit.toNanos();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                outcomes.add(outcome(future, deadline, limit));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> Outcome<T> outcome(Future<T> future, long deadline, Duration limit) {
        try {
            return new Outcome<>(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("A concurrent task did not finish within " + limit, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the concurrent tasks", e);
        }
    }
}
