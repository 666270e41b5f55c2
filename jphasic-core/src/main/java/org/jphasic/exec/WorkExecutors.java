package org.jphasic.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
     * @param unitCount how many units are to be recorded (for {@code auto})
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
                LOG.info("strategy auto: chose threads ({} cores, {} units to record)", cores, unitCount);
            } else {
                strategy = Strategy.SEQUENTIAL;
                LOG.info("strategy auto: chose sequential ({} core(s), {} unit(s) to record)", cores, unitCount);
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
     * @param threads the number of threads, at least 1
     * @return an executor recording on a pool of daemon threads, closed by {@link WorkExecutor#close()}
     */
    public static WorkExecutor threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "jphasic-record-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        return new WorkExecutor() {
            @Override
            public String name() {
                return "threads(" + threads + ")";
            }

            @Override
            public List<RecordedUnit> record(List<? extends UnitTask> tasks, ProgressListener progress) {
                AtomicLong done = new AtomicLong();
                AtomicLong vertices = new AtomicLong();
                long totalVertices = totalVertices(tasks);
                List<Future<RecordedUnit>> futures = new ArrayList<>(tasks.size());
                for (UnitTask task : tasks) {
                    futures.add(pool.submit(() -> {
                        RecordedUnit r = recordOne(task, Thread.currentThread().getName());
                        progress.update(UNITS_TASK, done.incrementAndGet(), tasks.size());
                        progress.update(VERTICES_TASK, vertices.addAndGet(task.vertexCount()), totalVertices);
                        return r;
                    }));
                }
                List<RecordedUnit> out = new ArrayList<>(tasks.size());
                try {
                    for (Future<RecordedUnit> f : futures) {
                        out.add(f.get());
                    }
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("unit recording failed", e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new PhasicException("interrupted while recording units", e);
                }
                return out;
            }

            @Override
            public void close() {
                pool.shutdownNow();
            }
        };
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
