package org.jphasic.cluster;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Slows every unit a worker records by a fixed delay, so that a test can stop or kill the worker while it holds
 * units, and tells the test which units started and finished.
 *
 * @param delay    the sleep before each unit is recorded
 * @param started  receives the key of each unit before its delay
 * @param finished receives the key of each unit once recorded
 */
record SlowObserver(Duration delay, Consumer<String> started, Consumer<String> finished) implements UnitObserver {
    /** Only slows units down. */
    static SlowObserver sleeping(Duration delay) {
        return new SlowObserver(delay, key -> { }, key -> { });
    }

    @Override
    public void recording(String key) {
        started.accept(key);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while slowing unit " + key + " down", e);
        }
    }

    @Override
    public void recorded(String key) {
        finished.accept(key);
    }
}
