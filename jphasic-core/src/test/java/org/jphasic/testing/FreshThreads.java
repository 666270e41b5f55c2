package org.jphasic.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Results computed each on a thread of its own, started for it: what code that keeps per-thread state (arrays a
 * thread reuses from one call to the next) gives when the thread has done nothing before.
 */
public final class FreshThreads {
    private FreshThreads() {
    }

    /**
     * @param inputs   the inputs, in order
     * @param function what to compute for each
     * @param <T>      the input type
     * @param <R>      the result type
     * @return the results, in the inputs' order
     * @throws InterruptedException if interrupted while waiting for a thread
     * @throws IllegalStateException if a computation failed (its exception is the cause)
     */
    public static <T, R> List<R> map(List<T> inputs, Function<T, R> function) throws InterruptedException {
        List<R> results = new ArrayList<>();
        for (T input : inputs) {
            AtomicReference<R> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    result.set(function.apply(input));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            if (failure.get() != null) {
                throw new IllegalStateException("computing on a fresh thread failed", failure.get());
            }
            results.add(result.get());
        }
        return results;
    }
}
