package org.jphasic.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jphasic.ClusterException;
import org.jphasic.PhasicException;
import org.jphasic.ProgressListener;
import org.jphasic.TraceFormatException;
import org.jphasic.exec.ExecutionReport;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.RecordedUnit;
import org.jphasic.exec.RecordingException;
import org.jphasic.exec.UnitTask;
import org.jphasic.exec.WorkExecutor;
import org.jphasic.exec.WorkExecutors;
import org.jphasic.io.TraceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records units on the workers of a Hazelcast cluster, from a client (the coordinator holds no data and opens
 * no port). First every unit is looked up in the cluster-wide trace map; the rest go to the workers, largest
 * first, at most as many batches per worker as it has threads, one worker after another so that every worker
 * gets work. A batch holds units until it has about a quarter of the pending work per worker thread: large units
 * travel alone, small ones together (a round trip costs about a millisecond), and batches shrink towards the end
 * so that the workers finish together. Results come back as trace file bytes (checksummed, key checked).
 *
 * <p>Faults: a worker that leaves, dies or hands units back while stopping loses nothing — its units go to
 * the others (at most {@value #MAX_LOSSES} times per unit, so a unit that kills its members cannot loop
 * forever). A unit that fails on a worker for a reason in the unit fails the recording with that reason
 * ({@link RecordingException}). Members of another jphasic version are refused: at connection time with a
 * {@link ClusterException}, and ignored (with a warning) if they join later.
 *
 * <p>Not thread-safe: one {@link #record} call at a time.
 */
final class ClusterExecutor implements WorkExecutor {
    /** How often one unit may lose its member before the recording gives up. */
    static final int MAX_LOSSES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterExecutor.class);
    private static final int LOOKUP_BATCH = 256;
    /** The most units one batch carries. */
    private static final int MAX_BATCH_UNITS = 256;
    /** A batch takes no more units once its unit bytes reach this. */
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String FROM_MAP = "cluster map";

    private final HazelcastInstance client;
    private final ExecutionSettings settings;
    private final List<String> addresses;
    private final String version;
    private final IExecutorService units;
    private final IMap<String, byte[]> traces;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicLong attemptIds = new AtomicLong();
    private final UUID membershipRegistration;
    private final String name;
    private volatile ExecutionReport report = ExecutionReport.NONE;

    /** Something the recording loop reacts to; posted by Hazelcast's threads. */
    private interface Event {
    }

    /** A worker answered. */
    private record Answered(long attempt, BatchOutcome outcome) implements Event {
    }

    /** A submission failed: the member left, or something else went wrong. */
    private record Failed(long attempt, Throwable cause) implements Event {
    }

    /** The member list changed. */
    private record MembersChanged() implements Event {
    }

    private ClusterExecutor(HazelcastInstance client, ExecutionSettings settings, List<String> addresses,
                            String version) {
        this.client = client;
        this.settings = settings;
        this.addresses = addresses;
        this.version = version;
        this.units = client.getExecutorService(HazelcastSetup.EXECUTOR);
        this.traces = client.getMap(HazelcastSetup.TRACE_MAP);
        int workers = 0;
        for (Member m : client.getCluster().getMembers()) {
            String problem = ClusterWorker.incompatibility(m, version);
            if (problem != null) {
                throw new ClusterException("Cannot use strategy='cluster': " + problem + "\n  Members of different "
                        + "jphasic versions refuse to work together: start the workers from the same jphasic build as "
                        + "this coordinator (jphasic " + version + "), or use another --cluster-name");
            }
            workers++;
        }
        if (workers == 0) {
            throw unreachable(settings, addresses, null);
        }
        this.name = "cluster(" + workers + (workers == 1 ? " member)" : " members)");
        this.membershipRegistration = client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                events.add(new MembersChanged());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                events.add(new MembersChanged());
            }
        });
        LOG.info("connected to cluster '{}' at {}: {}", settings.clusterName(), addresses, name);
    }

    /**
     * Connects a client to the cluster.
     *
     * @param settings the cluster's addresses, name and join timeout
     * @param version  this coordinator's jphasic version
     * @return the executor
     * @throws ClusterException if no member is reachable within the join timeout, or members run another version
     */
    static ClusterExecutor open(ExecutionSettings settings, String version) {
        List<String> addresses = ClusterAddresses.parse(settings.clusterMembers(), "--cluster");
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(HazelcastSetup.client(settings.clusterName(), addresses,
                    settings.joinTimeout()));
        } catch (IllegalStateException e) {
            // Hazelcast's "Unable to connect to any cluster" once the cluster connect timeout has passed
            throw unreachable(settings, addresses, e);
        }
        try {
            return new ClusterExecutor(client, settings, addresses, version);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    private static ClusterException unreachable(ExecutionSettings settings, List<String> addresses, Throwable cause) {
        return new ClusterException("Cannot use strategy='cluster': no cluster members reachable at "
                + String.join(", ", addresses) + "\n  Start workers with: jphasic worker --join "
                + String.join(",", addresses) + "   Or use: --strategy threads\n  (waited "
                + settings.joinTimeout().toMillis() / 1000.0 + " s for members of cluster '" + settings.clusterName()
                + "'; workers and coordinator must use the same --cluster-name)", cause);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<RecordedUnit> record(List<? extends UnitTask> tasks, ProgressListener progress) {
        events.clear();
        Run run = new Run(tasks, progress);
        try {
            return run.execute();
        } finally {
            report = run.report();
            LOG.info("cluster recording: {} unit(s), {}", tasks.size(), report);
        }
    }

    @Override
    public ExecutionReport report() {
        return report;
    }

    @Override
    public void close() {
        try {
            client.getCluster().removeMembershipListener(membershipRegistration);
        } finally {
            client.shutdown();
        }
    }

    /**
     * @param t a failure of a submission
     * @return whether it means the member left or died (the unit goes elsewhere) rather than a failure that
     *         would repeat anywhere
     */
    static boolean isMemberLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RetryableException || c instanceof TargetDisconnectedException
                    || c instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    private static String name(Member m) {
        Address a = m.getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /** A worker as the loop sees it. */
    private static final class Slot {
        final Member member;
        final String name;
        final int capacity;
        int inFlight;
        boolean accepting = true;

        Slot(Member member) {
            this.member = member;
            this.name = ClusterExecutor.name(member);
            String threads = member.getAttribute(HazelcastSetup.THREADS_ATTRIBUTE);
            this.capacity = threads == null ? 1 : Math.max(1, Integer.parseInt(threads));
        }
    }

    /** One submission of a batch of units to one member. */
    private record Attempt(int[] units, UUID member, String memberName) {
    }

    /** The state of one {@link #record} call; touched only by the calling thread. */
    private final class Run {
        private final List<? extends UnitTask> tasks;
        private final ProgressListener progress;
        private final List<UnitTask> distinct = new ArrayList<>();
        private final int[] distinctOf;
        private final RecordedUnit[] results;
        private final boolean[] done;
        private final int[] losses;
        private final Deque<Integer> pending = new ArrayDeque<>();
        private final Map<Long, Attempt> attempts = new HashMap<>();
        private final Map<UUID, Slot> slots = new LinkedHashMap<>();
        private final Set<UUID> ignored = new HashSet<>();
        private final Map<String, Integer> unitsByMember = new LinkedHashMap<>();
        private int remaining;
        private long verticesDone;
        private final long totalVertices;
        private long pendingVertices;
        private int sharedHits;
        private int retries;
        private int membersLost;

        Run(List<? extends UnitTask> tasks, ProgressListener progress) {
            this.tasks = tasks;
            this.progress = progress;
            this.distinctOf = new int[tasks.size()];
            Map<String, Integer> byKey = new HashMap<>();
            for (int i = 0; i < tasks.size(); i++) {
                UnitTask t = tasks.get(i);
                Integer d = byKey.putIfAbsent(t.key(), distinct.size());
                if (d == null) {
                    d = distinct.size();
                    distinct.add(t);
                }
                distinctOf[i] = d;
            }
            this.results = new RecordedUnit[distinct.size()];
            this.done = new boolean[distinct.size()];
            this.losses = new int[distinct.size()];
            this.remaining = distinct.size();
            this.totalVertices = WorkExecutors.totalVertices(distinct);
        }

        ExecutionReport report() {
            return new ExecutionReport(unitsByMember, sharedHits, retries, membersLost);
        }

        List<RecordedUnit> execute() {
            lookUpTheMap();
            List<Integer> order = new ArrayList<>();
            for (int u = 0; u < distinct.size(); u++) {
                if (!done[u]) {
                    order.add(u);
                }
            }
            // largest first, so that the last units to finish are small ones
            order.sort((a, b) -> Integer.compare(distinct.get(b).vertexCount(), distinct.get(a).vertexCount()));
            for (int u : order) {
                pending.add(u);
                pendingVertices += distinct.get(u).vertexCount();
            }
            long idleSince = -1;
            while (remaining > 0) {
                refreshMembers();
                dispatch();
                long wait = POLL_NANOS;
                if (attempts.isEmpty()) {
                    long now = System.nanoTime();
                    if (idleSince < 0) {
                        idleSince = now;
                        LOG.warn("no usable cluster member for {} unit(s); waiting up to {} s for one", remaining,
                                settings.joinTimeout().toMillis() / 1000.0);
                    }
                    wait = settings.joinTimeout().toNanos() - (now - idleSince);
                    if (wait <= 0) {
                        throw new ClusterException("Cannot finish the recording on the cluster: no usable member "
                                + "is left (" + remaining + " unit(s) unrecorded, " + membersLost + " member(s) lost)"
                                + "\n  Start workers with: jphasic worker --join " + String.join(",", addresses)
                                + "   Or use: --strategy threads");
                    }
                } else {
                    idleSince = -1;
                }
                Event e;
                try {
                    e = events.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new PhasicException("interrupted while recording units on the cluster", ex);
                }
                while (e != null) {
                    handle(e);
                    e = events.poll();
                }
            }
            List<RecordedUnit> out = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++) {
                out.add(results[distinctOf[i]]);
            }
            return out;
        }

        private void lookUpTheMap() {
            Map<String, Integer> indexOf = new HashMap<>();
            for (int u = 0; u < distinct.size(); u++) {
                indexOf.put(distinct.get(u).key(), u);
            }
            List<String> keys = new ArrayList<>(indexOf.keySet());
            for (int from = 0; from < keys.size(); from += LOOKUP_BATCH) {
                Set<String> batch = new HashSet<>(keys.subList(from, Math.min(keys.size(), from + LOOKUP_BATCH)));
                Map<String, byte[]> found;
                try {
                    found = traces.getAll(batch);
                } catch (RuntimeException e) {
                    // a cache read that fails is a miss, as with the disk cache: the units are recorded
                    LOG.warn("looking up {} unit(s) in the cluster map failed ({}); recording them", batch.size(),
                            e.toString());
                    continue;
                }
                for (Map.Entry<String, byte[]> entry : found.entrySet()) {
                    int u = indexOf.get(entry.getKey());
                    try {
                        TraceFile.Contents c = decode(entry.getValue(), entry.getKey());
                        complete(u, new RecordedUnit(c.trace(), c.recordingNanos(), FROM_MAP), false);
                    } catch (TraceFormatException e) {
                        LOG.warn("damaged entry for unit {} in the cluster map ({}); removing it and recording the "
                                + "unit", entry.getKey(), e.getMessage());
                        traces.delete(entry.getKey());
                    }
                }
            }
            if (sharedHits > 0) {
                LOG.info("{} of {} unit(s) served from the cluster map", sharedHits, distinct.size());
            }
        }

        private void refreshMembers() {
            Set<UUID> present = new HashSet<>();
            for (Member m : client.getCluster().getMembers()) {
                UUID id = m.getUuid();
                present.add(id);
                if (slots.containsKey(id) || ignored.contains(id)) {
                    continue;
                }
                String problem = ClusterWorker.incompatibility(m, version);
                if (problem != null) {
                    ignored.add(id);
                    LOG.warn("ignoring a cluster member that cannot work with this coordinator: {}", problem);
                    continue;
                }
                slots.put(id, new Slot(m));
            }
            for (UUID id : new ArrayList<>(slots.keySet())) {
                if (!present.contains(id)) {
                    lose(id, "it left the cluster", 0);
                }
            }
        }

        private void dispatch() {
            int capacity = 0;
            for (Slot s : slots.values()) {
                capacity += s.accepting ? s.capacity : 0;
            }
            boolean sent = true;
            while (!pending.isEmpty() && sent) {
                sent = false;
                for (Slot s : slots.values()) {
                    if (pending.isEmpty()) {
                        break;
                    }
                    if (s.accepting && s.inFlight < s.capacity) {
                        submitBatch(Math.max(1, pendingVertices / (4L * capacity)), s);
                        sent = true;
                    }
                }
            }
        }

        /**
         * Takes pending units until they hold {@code vertices} vertices or {@value #MAX_BATCH_BYTES} bytes (at least
         * one unit) and sends them to a member.
         */
        private void submitBatch(long vertices, Slot slot) {
            List<Integer> batch = new ArrayList<>();
            List<byte[]> bytes = new ArrayList<>();
            long batchVertices = 0;
            long batchBytes = 0;
            while (!pending.isEmpty() && batch.size() < MAX_BATCH_UNITS
                    && (batch.isEmpty() || batchVertices < vertices && batchBytes < MAX_BATCH_BYTES)) {
                int u = pending.poll();
                UnitTask task = distinct.get(u);
                pendingVertices -= task.vertexCount();
                batchVertices += task.vertexCount();
                byte[] b = task.toBytes();
                batchBytes += b.length;
                batch.add(u);
                bytes.add(b);
            }
            long id = attemptIds.incrementAndGet();
            int[] unitIndexes = batch.stream().mapToInt(Integer::intValue).toArray();
            attempts.put(id, new Attempt(unitIndexes, slot.member.getUuid(), slot.name));
            slot.inFlight++;
            String[] keys = new String[unitIndexes.length];
            boolean[] lookUp = new boolean[unitIndexes.length];
            for (int i = 0; i < unitIndexes.length; i++) {
                keys[i] = distinct.get(unitIndexes[i]).key();
                lookUp[i] = losses[unitIndexes[i]] > 0;
            }
            try {
                units.submitToMember(new UnitJob(version, keys, bytes.toArray(new byte[0][]), lookUp), slot.member,
                        new ExecutionCallback<BatchOutcome>() {
                            @Override
                            public void onResponse(BatchOutcome outcome) {
                                events.add(new Answered(id, outcome));
                            }

                            @Override
                            public void onFailure(Throwable t) {
                                events.add(new Failed(id, t));
                            }
                        });
            } catch (RuntimeException e) {
                events.add(new Failed(id, e));
            }
        }

        private void handle(Event event) {
            if (event instanceof Answered a) {
                Attempt at = finish(a.attempt());
                if (at == null) {
                    return;
                }
                if (a.outcome().size() != at.units().length) {
                    throw new ClusterException("cluster member " + at.memberName() + " answered " + a.outcome().size()
                            + " outcome(s) for a batch of " + at.units().length + " unit(s)");
                }
                for (int i = 0; i < at.units().length; i++) {
                    answered(at, at.units()[i], a.outcome().get(i));
                }
            } else if (event instanceof Failed f) {
                Attempt at = finish(f.attempt());
                if (at == null) {
                    return;
                }
                if (!isMemberLoss(f.cause())) {
                    throw new ClusterException("unit " + key(at.units()[0]) + (at.units().length > 1 ? " and "
                            + (at.units().length - 1) + " more" : "") + " could not be run on cluster member "
                            + at.memberName() + ": " + f.cause(), f.cause());
                }
                LOG.warn("cluster member {} lost while holding {} unit(s) ({})", at.memberName(), at.units().length,
                        f.cause().toString());
                lose(at.member(), "its connection failed", at.units().length);
                for (int u : at.units()) {
                    resubmit(u);
                }
            }
            // MembersChanged: the loop refreshes the member list next
        }

        /** @return the attempt, no longer in flight, or null if it was abandoned when its member was lost */
        private Attempt finish(long id) {
            Attempt at = attempts.remove(id);
            if (at != null) {
                Slot s = slots.get(at.member());
                if (s != null) {
                    s.inFlight--;
                }
            }
            return at;
        }

        private void answered(Attempt at, int u, UnitOutcome o) {
            switch (o.status()) {
                case RECORDED:
                    complete(u, recorded(u, o), true);
                    break;
                case FROM_MAP:
                case FROM_DISK:
                    try {
                        TraceFile.Contents c = decode(o.traceBytes(), key(u));
                        complete(u, new RecordedUnit(c.trace(), c.recordingNanos(), o.member()), false);
                    } catch (TraceFormatException e) {
                        LOG.warn("member {} served a damaged trace for unit {} ({}); removing it from the cluster "
                                + "map and recording the unit", o.member(), key(u), e.getMessage());
                        traces.delete(key(u));
                        resubmit(u);
                    }
                    break;
                case HANDED_BACK:
                    Slot s = slots.get(at.member());
                    if (s != null && s.accepting) {
                        s.accepting = false;
                        LOG.info("cluster member {} is stopping; it gets no more units", o.member());
                    }
                    resubmit(u);
                    break;
                case FAILED:
                    throw new RecordingException(key(u), "recording unit " + key(u) + " (" + distinct.get(u)
                            .vertexCount() + " vertices) failed on cluster member " + o.member() + ": "
                            + o.message(), null);
                case VERSION_MISMATCH:
                    throw new ClusterException("Cannot use strategy='cluster': " + o.message() + "\n  Members of "
                            + "different jphasic versions refuse to work together: start the workers from the same "
                            + "jphasic build as this coordinator");
                default:
                    throw new IllegalStateException("unhandled outcome " + o.status());
            }
        }

        private RecordedUnit recorded(int u, UnitOutcome o) {
            try {
                return new RecordedUnit(decode(o.traceBytes(), key(u)).trace(), o.nanos(), o.member());
            } catch (TraceFormatException e) {
                throw new ClusterException("cluster member " + o.member() + " returned a damaged trace for unit "
                        + key(u) + ": " + e.getMessage(), e);
            }
        }

        /**
         * Gives up on a member: no more units for it, and its units in flight go to the others.
         *
         * @param member     the member
         * @param why        for the log
         * @param failedUnits units of a batch whose submission failed, which the caller resubmits
         */
        private void lose(UUID member, String why, int failedUnits) {
            Slot slot = slots.remove(member);
            ignored.add(member);
            List<Long> held = new ArrayList<>();
            for (Map.Entry<Long, Attempt> e : attempts.entrySet()) {
                if (e.getValue().member().equals(member)) {
                    held.add(e.getKey());
                }
            }
            if (slot != null && (failedUnits > 0 || !held.isEmpty())) {
                membersLost++;
                int count = failedUnits;
                for (long id : held) {
                    count += attempts.get(id).units().length;
                }
                LOG.warn("cluster member {} is gone ({}) with {} unit(s) in flight; resubmitting them", slot.name,
                        why, count);
            }
            for (long id : held) {
                for (int u : attempts.remove(id).units()) {
                    resubmit(u);
                }
            }
        }

        private void resubmit(int unit) {
            if (done[unit]) {
                return;
            }
            retries++;
            if (++losses[unit] > MAX_LOSSES) {
                throw new ClusterException("unit " + key(unit) + " (" + distinct.get(unit).vertexCount()
                        + " vertices) lost its cluster member " + losses[unit] + " times; giving up. If recording it "
                        + "crashes the workers, give them more memory (JPHASIC_JAVA_OPTS=-Xmx...)");
            }
            pending.addFirst(unit);
            pendingVertices += distinct.get(unit).vertexCount();
        }

        private void complete(int unit, RecordedUnit result, boolean recorded) {
            if (done[unit]) {
                return;
            }
            done[unit] = true;
            results[unit] = result;
            remaining--;
            if (recorded) {
                unitsByMember.merge(result.member(), 1, Integer::sum);
            } else {
                sharedHits++;
            }
            verticesDone += distinct.get(unit).vertexCount();
            progress.update(WorkExecutors.UNITS_TASK, distinct.size() - remaining, distinct.size());
            progress.update(WorkExecutors.VERTICES_TASK, verticesDone, totalVertices);
        }

        private String key(int unit) {
            return distinct.get(unit).key();
        }

    }

    private static TraceFile.Contents decode(byte[] bytes, String key) {
        if (bytes == null) {
            throw new TraceFormatException("no trace bytes");
        }
        TraceFile.Contents c = TraceFile.fromBytes(bytes);
        if (!c.key().equals(key)) {
            throw new TraceFormatException("the trace is stored under key " + c.key() + ", not " + key);
        }
        return c;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(addresses.toArray());
    }
}
