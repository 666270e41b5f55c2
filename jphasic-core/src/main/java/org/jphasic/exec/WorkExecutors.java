package org.jphasic.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToLongFunction;
import org.jphasic.ClusterException;
import org.jphasic.PhasicException;
import org.jphasic.ProgressListener;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the executor for a strategy. {@code auto} picks {@code cluster} when a cluster is configured, otherwise
 * {@code threads} when there is more than one core and more than one unit, otherwise {@code sequential}, and
 * logs what it chose and why. Nothing falls back silently: a strategy that cannot run is an error saying what to
 * do instead.
 */
public final class WorkExecutors {
    private static final Logger LOG = LoggerFactory.getLogger(WorkExecutors.class);

    private WorkExecutors() {
    }

    /**
     * @param settings  the requested strategy and its settings
     * @param unitCount how many units are to be recorded, or an upper bound (for {@code auto})
     * @return an executor; close it when done
     * @throws ClusterException if {@code cluster} is requested but none is configured, the cluster module is
     *                          missing, or no member is reachable
     */
    public static WorkExecutor open(ExecutionSettings settings, int unitCount) {
        Strategy strategy = settings.strategy();
        int cores = Runtime.getRuntime().availableProcessors();
        if (strategy == Strategy.AUTO) {
            if (settings.hasCluster()) {
                strategy = Strategy.CLUSTER;
                LOG.info("strategy auto: chose cluster ({} configured member address(es))",
                        settings.clusterMembers().size());
            } else if (cores > 1 && unitCount > 1) {
                strategy = Strategy.THREADS;
                LOG.info("strategy auto: chose threads ({} cores, up to {} units to record)", cores, unitCount);
            } else {
                strategy = Strategy.SEQUENTIAL;
                LOG.info("strategy auto: chose sequential ({} core(s), up to {} unit(s) to record)", cores, unitCount);
            }
        }
        switch (strategy) {
            case SEQUENTIAL:
                return sequential();
            case THREADS:
                return threads(settings.threads() == 0 ? cores : settings.threads());
            case CLUSTER:
                return cluster(settings);
            default:
                throw new IllegalStateException("unhandled strategy " + strategy);
        }
    }

    private static WorkExecutor cluster(ExecutionSettings settings) {
        if (!settings.hasCluster()) {
            throw new ClusterException("Cannot use strategy='cluster': no cluster configured\n"
                    + "  Start workers with: jphasic worker --join host:port,...   then pass --cluster host:port,...   "
                    + "Or use: --strategy threads");
        }
        for (WorkExecutorProvider provider : ServiceLoader.load(WorkExecutorProvider.class)) {
            if (provider.strategy() == Strategy.CLUSTER) {
                return provider.open(settings);
            }
        }
        throw new ClusterException("Cannot use strategy='cluster': the jphasic-cluster module is not on the class "
                + "path\n  Use the jphasic command (it includes the cluster), add org.jphasic:jphasic-cluster to "
                + "your project, or use: --strategy threads");
    }

    /** The progress task counting recorded units (done, total). */
    public static final String UNITS_TASK = "recording units";
    /** The progress task counting the vertices of the recorded units (done, total). */
    public static final String VERTICES_TASK = "recording vertices";

    /**
     * @param tasks the units to record
     * @return the number of vertices the tasks eliminate together
     */
    public static long totalVertices(List<? extends UnitTask> tasks) {
        long total = 0;
        for (UnitTask task : tasks) {
            total += task.vertexCount();
        }
        return total;
    }

    /** @return an executor recording in the calling thread */
    public static WorkExecutor sequential() {
        return new WorkExecutor() {
            @Override
            public String name() {
                return "sequential";
            }

            @Override
            public List<RecordedUnit> record(List<? extends UnitTask> tasks, ProgressListener progress) {
                List<RecordedUnit> out = new ArrayList<>(tasks.size());
                long totalVertices = totalVertices(tasks);
                long vertices = 0;
                for (UnitTask task : tasks) {
                    out.add(recordOne(task, "main"));
                    vertices += task.vertexCount();
                    progress.update(UNITS_TASK, out.size(), tasks.size());
                    progress.update(VERTICES_TASK, vertices, totalVertices);
                }
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param threads the number of threads, at least 1: the calling thread and {@code threads − 1} daemon threads
     *                of a pool the process's threaded recordings share
     * @return an executor recording on the calling thread and {@code threads − 1} helpers
     */
    public static WorkExecutor threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        ExecutorService pool = threads == 1 ? null : Helpers.POOL;
        return new WorkExecutor() {
            @Override
            public String name() {
                return "threads(" + threads + ")";
            }

            /**
             * Every thread, the caller included, takes the next unit until none is left, the largest units first
             * so that no large unit starts last and runs alone at the end. The first failure stops the others
             * after their current unit and is rethrown.
             */
            @Override
            public List<RecordedUnit> record(List<? extends UnitTask> tasks, ProgressListener progress) {
                int n = tasks.size();
                Integer[] bySize = new Integer[n];
                for (int i = 0; i < n; i++) {
                    bySize[i] = i;
                }
                Arrays.sort(bySize, Comparator.comparingLong((Integer i) -> -work(tasks.get(i))));
                RecordedUnit[] out = new RecordedUnit[n];
                AtomicInteger next = new AtomicInteger();
                AtomicLong done = new AtomicLong();
                AtomicLong vertices = new AtomicLong();
                long totalVertices = totalVertices(tasks);
                AtomicReference<RuntimeException> failure = new AtomicReference<>();
                Runnable worker = () -> {
                    int k;
                    while (failure.get() == null && (k = next.getAndIncrement()) < n) {
                        int i = bySize[k];
                        UnitTask task = tasks.get(i);
                        try {
                            out[i] = recordOne(task, Thread.currentThread().getName());
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                        progress.update(UNITS_TASK, done.incrementAndGet(), n);
                        progress.update(VERTICES_TASK, vertices.addAndGet(task.vertexCount()), totalVertices);
                    }
                };
                List<Future<?>> helpers = new ArrayList<>();
                for (int h = 1; h < threads && h < n; h++) {
                    helpers.add(pool.submit(worker));
                }
                try {
                    worker.run();
                } catch (RuntimeException | Error e) { // from the progress listener, or an Error: stop the helpers
                    failure.compareAndSet(null, asRuntime(e));
                    throw e;
                } finally {
                    awaitHelpers(helpers, failure);
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                return Arrays.asList(out);
            }

            /**
             * The helpers start recording as soon as the first unit is handed over, while the calling thread is
             * still finding the others; once it has, the calling thread records too. Units are taken in hand-over
             * order, the order in which a producer such as the hierarchical recorder uses their results while the
             * others are recorded; only a unit holding more than a {@code 4·threads}-th of the work left when the
             * search ends goes ahead of the others (largest first), so that no large unit starts last and runs
             * alone.
             */
            @Override
            public List<RecordedUnit> record(UnitProducer producer, ProgressListener progress) {
                if (pool == null) {
                    return WorkExecutor.super.record(producer, progress);
                }
                Feed feed = new Feed(progress, threads);
                Runnable worker = () -> {
                    for (int i = feed.take(); i >= 0; i = feed.take()) {
                        try {
                            RecordedUnit result = recordOne(feed.task(i), Thread.currentThread().getName());
                            feed.done(i, result);
                            producer.recorded(i, result);
                        } catch (RuntimeException e) {
                            feed.fail(e);
                            return;
                        }
                    }
                };
                AtomicReference<RuntimeException> failure = new AtomicReference<>();
                List<Future<?>> helpers = new ArrayList<>();
                for (int h = 1; h < threads; h++) {
                    helpers.add(pool.submit(worker));
                }
                try {
                    try {
                        producer.produce(feed::add);
                    } catch (RuntimeException e) {
                        feed.fail(e); // the producer's own failure, or a unit's failure it passed on
                    }
                    feed.complete();
                    worker.run();
                } catch (RuntimeException | Error e) { // from the progress listener, or an Error: stop the helpers
                    feed.fail(asRuntime(e));
                    throw e;
                } finally {
                    awaitHelpers(helpers, failure);
                }
                if (failure.get() != null) {
                    feed.fail(failure.get());
                }
                return feed.results();
            }

            /** Nothing to release: every record call has waited for its helpers, which go back to the pool. */
            @Override
            public void close() {
            }
        };
    }

    /**
     * The helper threads of every threaded recording of the process: daemon threads, created when more are busy
     * than exist and ended after {@value #IDLE_SECONDS} s idle. Reusing them spares each recording the start of a
     * thread, about half a millisecond on the machine of docs/BENCHMARKS.md, before its first unit is recorded.
     */
    private static final class Helpers {
        /** How long an idle helper thread is kept. */
        static final int IDLE_SECONDS = 30;

        static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
                TimeUnit.SECONDS, new SynchronousQueue<>(), new ThreadFactory() {
                    private final AtomicInteger counter = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable r) {
                        Thread t = new Thread(r, "jphasic-record-" + counter.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }
                });

        private Helpers() {
        }
    }

    /**
     * The units of a recording that starts before they are all found: handed over by the producer, taken by the
     * recording threads (in the order found; once all are known, the few large ones ahead), and their results.
     * Progress is reported once the total is known, one report per unit, so counts only grow.
     */
    private static final class Feed {
        private final ProgressListener progress;
        private final int threads;
        private final Object reporting = new Object();
        private final List<UnitTask> tasks = new ArrayList<>();
        private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
        private final List<RecordedUnit> results = new ArrayList<>();
        private final List<Integer> finishedEarly = new ArrayList<>();
        private boolean complete;
        private RuntimeException failure;
        private long reportedUnits;
        private long reportedVertices;
        private long totalVertices;

        Feed(ProgressListener progress, int threads) {
            this.progress = progress;
            this.threads = threads;
        }

        synchronized void add(UnitTask task) {
            if (failure != null) {
                throw failure;
            }
            tasks.add(task);
            results.add(null);
            waiting.add(tasks.size() - 1);
            notifyAll();
        }

        /** @return the next unit to record, or -1 when there is none left or a unit has failed */
        synchronized int take() {
            while (waiting.isEmpty() && !complete && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(new PhasicException("interrupted while recording units", e));
                }
            }
            return failure != null || waiting.isEmpty() ? -1 : waiting.poll();
        }

        synchronized UnitTask task(int i) {
            return tasks.get(i);
        }

        void done(int i, RecordedUnit result) {
            boolean report;
            synchronized (this) {
                results.set(i, result);
                report = complete;
                if (!report) {
                    finishedEarly.add(i);
                }
            }
            if (report) {
                report(List.of(i));
            }
        }

        synchronized void fail(RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
        }

        /** No more units: the few large ones left go first, and what finished early is reported. */
        void complete() {
            List<Integer> early;
            synchronized (this) {
                complete = true;
                List<Integer> rest = takingOrder(new ArrayList<>(waiting), i -> work(tasks.get(i)), threads);
                waiting.clear();
                waiting.addAll(rest);
                totalVertices = totalVertices(tasks);
                early = new ArrayList<>(finishedEarly);
                finishedEarly.clear();
                notifyAll();
            }
            report(early);
        }

        private void report(List<Integer> finished) {
            synchronized (reporting) {
                for (int i : finished) {
                    progress.update(UNITS_TASK, ++reportedUnits, tasks.size());
                    reportedVertices += tasks.get(i).vertexCount();
                    progress.update(VERTICES_TASK, reportedVertices, totalVertices);
                }
            }
        }

        synchronized List<RecordedUnit> results() {
            if (failure != null) {
                throw failure;
            }
            return new ArrayList<>(results);
        }
    }

    /**
     * The order in which the units still waiting when the search ends are taken: hand-over order, except that a
     * unit holding more than a {@code 4·threads}-th of the work left goes first (largest first), so that no large
     * unit starts last and runs alone.
     *
     * @param waiting the units waiting, in hand-over order. Not modified.
     * @param work    a unit's share of the work
     * @param threads the number of recording threads
     * @return the same units in taking order
     */
    static List<Integer> takingOrder(List<Integer> waiting, IntToLongFunction work, int threads) {
        long left = 0;
        for (int i : waiting) {
            left += work.applyAsLong(i);
        }
        long large = left / (4L * threads);
        List<Integer> order = new ArrayList<>(waiting.size());
        for (int i : waiting) {
            if (work.applyAsLong(i) > large) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> -work.applyAsLong(i)));
        for (int i : waiting) {
            if (work.applyAsLong(i) <= large) {
                order.add(i);
            }
        }
        return order;
    }

    /** Waits for the helper threads of a recording; an error of theirs is rethrown, an interrupt stops them all. */
    private static void awaitHelpers(List<Future<?>> helpers, AtomicReference<RuntimeException> failure) {
        try {
            for (Future<?> f : helpers) {
                f.get();
            }
        } catch (ExecutionException e) {
            // a unit's own failure is recorded by the worker; what escapes one is an Error or the listener's
            failure.compareAndSet(null, asRuntime(e.getCause()));
            if (e.getCause() instanceof Error err) {
                throw err;
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new PhasicException("interrupted while recording units", e));
            helpers.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException("unit recording failed: " + t, t);
    }

    /** A unit's share of the work, for ordering: its vertices (its source is not touched before recording). */
    private static long work(UnitTask task) {
        return task.vertexCount();
    }

    /**
     * Records one unit, timing it; any failure becomes a {@link RecordingException} naming the unit.
     *
     * @param task   the unit
     * @param member who records it, for reports
     * @return the trace and its recording time
     */
    public static RecordedUnit recordOne(UnitTask task, String member) {
        long start = System.nanoTime();
        try {
            Trace trace = TraceRecorder.record(task.source());
            return new RecordedUnit(trace, System.nanoTime() - start, member);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new RecordingException(task.key(), "recording unit " + task.key() + " (" + task.vertexCount()
                    + " vertices) failed: " + e, e);
        }
    }
}
