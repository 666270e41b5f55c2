package org.jphasic.hierarchy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jphasic.ProgressListener;
import org.jphasic.cache.TraceKind;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.ExecutionReport;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.RecordedUnit;
import org.jphasic.exec.Strategy;
import org.jphasic.exec.UnitTask;
import org.jphasic.exec.WorkExecutor;
import org.jphasic.exec.WorkExecutors;
import org.jphasic.graph.Graph;
import org.jphasic.io.GraphHash;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceStitcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a graph's trace per strongly connected component: the graph is cut into work units
 * ({@link UnitPlanner}), each unit's trace is fetched from the cache or recorded — in parallel, on threads or a
 * cluster — and the unit traces are stitched into the whole graph's trace ({@link TraceStitcher}), in plan order,
 * each as soon as it and the units before it are there: with threads, stitching keeps pace with recording instead
 * of waiting for its end. Exact: a unit's trace depends only on its own edges and exits, so the stitched trace
 * evaluates to what direct recording gives; the trace is the same, bit for bit, whatever the strategy.
 *
 * <p>Two cache levels: the whole graph by its content key, and every unit by its own. Identical units inside
 * a graph are recorded once; a unit shared with another graph is served from the cache.
 *
 * <pre>{@code
 * HierarchicalRecorder recorder = HierarchicalRecorder.builder()
 *         .minComponentSize(50)
 *         .strategy(Strategy.AUTO)
 *         .store(MemoryTraceStore.inFrontOf(256 << 20, DiskTraceStore.open(DiskTraceStore.defaultRoot())))
 *         .build();
 * RecordingResult r = recorder.record(graph);
 * Trace trace = r.trace();
 * }</pre>
 */
public final class HierarchicalRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(HierarchicalRecorder.class);

    private final int minComponentSize;
    private final ExecutionSettings settings;
    private final TraceStore store;
    private final ProgressListener progress;

    private HierarchicalRecorder(Builder b) {
        this.minComponentSize = b.minComponentSize;
        this.settings = b.settings;
        this.store = b.store;
        this.progress = b.progress;
    }

    /** @return a builder with the defaults: components of 50 vertices, strategy auto, no cache */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link HierarchicalRecorder}. */
    public static final class Builder {
        private int minComponentSize = 50;
        private ExecutionSettings settings = ExecutionSettings.local(Strategy.AUTO);
        private TraceStore store;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * @param size components of at least this many vertices are units of their own; smaller ones are
         *             batched (at least 1)
         * @return this builder
         */
        public Builder minComponentSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("the minimum component size must be at least 1, got " + size);
            }
            this.minComponentSize = size;
            return this;
        }

        /**
         * @param strategy the execution strategy, with no cluster
         * @return this builder
         */
        public Builder strategy(Strategy strategy) {
            this.settings = ExecutionSettings.local(strategy);
            return this;
        }

        /**
         * @param settings the execution strategy and its settings (threads, cluster)
         * @return this builder
         */
        public Builder execution(ExecutionSettings settings) {
            this.settings = settings;
            return this;
        }

        /**
         * @param store where traces are cached, or {@code null} for no cache
         * @return this builder
         */
        public Builder store(TraceStore store) {
            this.store = store;
            return this;
        }

        /**
         * @param listener receives "recording units" and "stitching" reports
         * @return this builder
         */
        public Builder progress(ProgressListener listener) {
            this.progress = listener == null ? ProgressListener.NONE : listener;
            return this;
        }

        /** @return the recorder */
        public HierarchicalRecorder build() {
            return new HierarchicalRecorder(this);
        }
    }

    /**
     * Records (or fetches) a graph's trace.
     *
     * @param graph the graph
     * @return the trace and the statistics of the recording
     * @throws org.jphasic.exec.RecordingException if a unit fails (nothing of this recording is cached then)
     * @throws org.jphasic.ClusterException        if the cluster strategy cannot run
     */
    public RecordingResult record(Graph graph) {
        long start = System.nanoTime();
        boolean parallel = settings.strategy() != Strategy.SEQUENTIAL && settings.threads() != 1
                && Runtime.getRuntime().availableProcessors() > 1;
        // with a cache the whole graph is looked up first and the units are planned only on a miss, so a warm run
        // costs the hash and the read alone; without one the graph's key is not needed, and the result computes it
        // only if asked
        String graphKey = null;
        if (store != null) {
            graphKey = GraphHash.of(graph).value();
            Trace cached = store.get(TraceKind.GRAPH, graphKey);
            if (cached != null) {
                LOG.info("graph {} served from the cache", graphKey);
                return new RecordingResult(cached, graphKey, 0, 0, 1, 0, "none", seconds(start));
            }
        }
        Planned plan = new Planned(graph);
        List<RecordedUnit> recorded = List.of();
        String strategy = "none";
        ExecutionReport report = ExecutionReport.NONE;
        if (parallel && !settings.hasCluster() && settings.strategy() != Strategy.CLUSTER) {
            // on this machine's cores the first units are recorded while the planner is still finding the others,
            // and stitched as soon as they and the units before them are there
            try (WorkExecutor executor = WorkExecutors.open(settings, graph.components().count())) {
                recorded = executor.record(new WorkExecutor.UnitProducer() {
                    @Override
                    public void produce(Consumer<UnitTask> sink) {
                        UnitPlanner.plan(graph, minComponentSize, u -> plan.add(u, sink));
                    }

                    @Override
                    public void recorded(int index, RecordedUnit unit) {
                        plan.recorded(index, unit.trace());
                    }
                }, progress);
                if (!plan.missing.isEmpty()) {
                    strategy = executor.name();
                    report = executor.report();
                }
            }
        } else {
            List<WorkUnit> all = UnitPlanner.plan(graph, minComponentSize);
            if (parallel) {
                all.parallelStream().forEach(plan::identify);
            }
            for (WorkUnit u : all) {
                plan.add(u, missing -> { });
            }
            if (!plan.missing.isEmpty()) {
                try (WorkExecutor executor = WorkExecutors.open(settings, plan.missing.size())) {
                    strategy = executor.name();
                    recorded = executor.record(plan.missing, progress);
                    report = executor.report();
                }
                for (int i = 0; i < recorded.size(); i++) {
                    plan.recorded(i, recorded.get(i).trace());
                }
            }
        }
        long recordingNanos = 0;
        for (RecordedUnit r : recorded) {
            recordingNanos += r.nanos();
        }
        // only once every unit succeeded: a failed recording leaves nothing in the cache
        if (store != null) {
            for (int i = 0; i < recorded.size(); i++) {
                RecordedUnit r = recorded.get(i);
                store.put(TraceKind.UNIT, plan.missing.get(i).key(), r.trace(), r.nanos());
            }
        }
        List<WorkUnit> units = plan.units;
        List<WorkUnit> missing = plan.missing;
        int hits = plan.hits;
        progress.update("stitching", 0, units.size());
        plan.stitchReady();
        TraceStitcher stitcher = plan.stitcher();
        if (stitcher.unitCount() != units.size()) {
            throw new IllegalStateException("stitched " + stitcher.unitCount() + " of " + units.size()
                    + " units: a unit's trace is missing");
        }
        Trace trace = stitcher.finish(parallel);
        progress.update("stitching", units.size(), units.size());
        if (store != null) {
            store.put(TraceKind.GRAPH, graphKey, trace, System.nanoTime() - start);
        }
        // units a cluster served from its shared trace map were fetched, not recorded: they count as hits
        int shared = report.sharedCacheHits();
        LOG.info("graph of {} vertices: {} units ({} distinct), {} from the cache, {} from a shared cache, {} recorded "
                + "with {} in {} s of recording", graph.vertexCount(), units.size(), plan.distinct.size(), hits, shared,
                missing.size() - shared, strategy, recordingNanos / 1e9);
        String knownKey = graphKey;
        return new RecordingResult(trace, knownKey != null ? () -> knownKey : () -> GraphHash.of(graph).value(),
                units.size(), plan.distinct.size(), hits + shared, missing.size() - shared, strategy, seconds(start),
                report);
    }

    /**
     * The units of a recording as they are planned: identical units grouped (recorded once), each distinct unit
     * looked up in the cache, the missing ones handed on to be recorded, and every unit appended to the stitcher,
     * in plan order, as soon as its trace and those of the units before it are known — while other units are
     * still being recorded. Units are grouped by content key when a cache needs the keys anyway, else by content:
     * by shape, then, among units of one shape, by a fingerprint and a full comparison. That spares a SHA-256
     * over the whole graph, and a unit of a shape of its own (most of them, in many models) is never read.
     *
     * <p>Planning runs on one thread, which alone touches the grouping tables; traces arrive from the recording
     * threads. The lists they read are guarded by this object's monitor, the stitcher by {@link #stitching}, and
     * the stitching is done by whichever thread finds the next unit ready, without waiting for another.
     */
    private final class Planned {
        final List<WorkUnit> units = new ArrayList<>();
        final List<WorkUnit> missing = new ArrayList<>();
        final List<WorkUnit> distinct = new ArrayList<>();
        int hits;
        private final List<Integer> distinctOf = new ArrayList<>();
        private final List<Trace> traces = new ArrayList<>();
        private final List<Integer> missingIndex = new ArrayList<>();
        private final Map<String, Integer> byKey = new HashMap<>();
        private final Map<Shape, List<Integer>> byShape = new HashMap<>();
        private final Graph graph;
        private final ReentrantLock stitching = new ReentrantLock();
        /**
         * Created by the first thread to stitch, not before planning: its tables, as large as the graph's, are then
         * filled while the other thread records instead of delaying the first unit.
         */
        private TraceStitcher stitcher;
        /** The next unit to stitch, in plan order; written under {@link #stitching}. */
        private volatile int stitched;

        Planned(Graph graph) {
            this.graph = graph;
        }

        /** @return the stitcher, created if no unit has been stitched (only once the recording threads are done) */
        TraceStitcher stitcher() {
            stitching.lock();
            try {
                if (stitcher == null) {
                    stitcher = new TraceStitcher(graph.vertexCount(), graph.edgeCount(), graph.parameterCount(),
                            graph.isDiscrete());
                }
                return stitcher;
            } finally {
                stitching.unlock();
            }
        }

        /** Computes the key a cache lookup needs (thread-safe: the unit caches it). */
        void identify(WorkUnit u) {
            if (store != null) {
                u.key();
            }
        }

        /** Adds the next unit of the plan (on the planning thread), handing it to {@code onMissing} if new. */
        void add(WorkUnit u, Consumer<? super WorkUnit> onMissing) {
            int d = groupOf(u);
            boolean isNew = d == distinct.size();
            Trace cached = isNew && store != null ? store.get(TraceKind.UNIT, u.key()) : null;
            boolean known;
            synchronized (this) {
                units.add(u);
                distinctOf.add(d);
                if (isNew) {
                    distinct.add(u);
                    traces.add(cached);
                    if (cached != null) {
                        hits++;
                    } else {
                        missing.add(u);
                        missingIndex.add(d);
                    }
                }
                known = traces.get(d) != null;
            }
            if (known) {
                stitchReady();
            } else if (isNew) {
                onMissing.accept(u);
            }
        }

        /** The trace of the {@code i}-th missing unit is recorded: stitch what it completes. */
        void recorded(int i, Trace trace) {
            synchronized (this) {
                traces.set(missingIndex.get(i), trace);
            }
            stitchReady();
        }

        /**
         * Appends to the stitcher every unit, from the next one on, whose trace is known. A thread that finds
         * another stitching leaves: that one checks again after it lets go, and sees what this one brought.
         */
        void stitchReady() {
            while (ready(stitched) != null && stitching.tryLock()) {
                try {
                    for (Trace t = ready(stitched); t != null; t = ready(stitched)) {
                        WorkUnit u = unit(stitched);
                        stitcher().append(t, u.vertexMap(), u.edgeMap());
                        stitched++;
                    }
                } finally {
                    stitching.unlock();
                }
            }
        }

        private synchronized Trace ready(int i) {
            return i < units.size() ? traces.get(distinctOf.get(i)) : null;
        }

        private synchronized WorkUnit unit(int i) {
            return units.get(i);
        }

        /** @return the index of u's group among the distinct units, {@code distinct.size()} for a new one */
        private int groupOf(WorkUnit u) {
            if (store != null) {
                return byKey.computeIfAbsent(u.key(), k -> distinct.size());
            }
            // by shape first: a unit whose shape no earlier unit has is new without computing its fingerprint
            List<Integer> candidates = byShape.computeIfAbsent(new Shape(u.ownedCount(), u.exitCount(),
                    u.edgeCount()), f -> new ArrayList<>(1));
            for (int d : candidates) {
                WorkUnit other = distinct.get(d);
                if (other.fingerprint() == u.fingerprint() && other.sameContent(u)) {
                    return d;
                }
            }
            candidates.add(distinct.size());
            return distinct.size();
        }
    }

    /** What identical units share and cost nothing to compare: vertices, exits and edges. */
    private record Shape(int owned, int exits, int edges) {
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
