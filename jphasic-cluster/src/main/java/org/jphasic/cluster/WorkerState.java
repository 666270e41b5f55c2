package org.jphasic.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jphasic.PhasicException;
import org.jphasic.cache.TraceKind;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.RecordedUnit;
import org.jphasic.exec.WorkExecutors;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.io.TraceFile;
import org.jphasic.trace.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's side of a batch of units: check the version, then for each unit look in the cluster map (if asked)
 * and the member's own disk cache or record it (and keep it in the disk cache); publish the batch's new traces to
 * the map in one call, then answer with the trace bytes. Counts the batches in flight so that a stopping worker
 * can let them finish and hand back new ones. Thread-safe.
 */
final class WorkerState {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerState.class);

    private final String version;
    private final int threads;
    private final TraceStore store;
    private final UnitObserver observer;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong fromMap = new AtomicLong();
    private final AtomicLong fromDisk = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();
    private volatile HazelcastInstance instance;
    private volatile String memberName = "(starting)";
    private int inFlight;
    private boolean draining;

    /**
     * @param version  this member's jphasic version
     * @param threads  units recorded at once
     * @param store    the member's own trace cache, or null
     * @param observer the test hook
     */
    WorkerState(String version, int threads, TraceStore store, UnitObserver observer) {
        this.version = version;
        this.threads = threads;
        this.store = store;
        this.observer = observer;
    }

    String version() {
        return version;
    }

    int threads() {
        return threads;
    }

    TraceStore store() {
        return store;
    }

    /** Connects the state to its running member. */
    void attach(HazelcastInstance hazelcast) {
        this.instance = hazelcast;
        Address a = hazelcast.getCluster().getLocalMember().getAddress();
        this.memberName = a.getHost() + ":" + a.getPort();
    }

    String memberName() {
        return memberName;
    }

    /** @return the counters: recorded, from the map, from disk, failed, handed back */
    ClusterWorker.Statistics statistics() {
        return new ClusterWorker.Statistics(recorded.get(), fromMap.get(), fromDisk.get(), failed.get(),
                handedBack.get());
    }

    /**
     * Serves a batch of units, one after another.
     *
     * @param keys               the units' keys
     * @param unitBytes          their bytes, in the same order. Not modified.
     * @param lookUp             for each unit, whether to look in the cluster map first
     * @param coordinatorVersion the coordinator's jphasic version
     * @return one outcome per unit, in order; a unit that cannot be recorded is a
     *         {@link UnitOutcome.Status#FAILED} outcome
     */
    BatchOutcome run(String[] keys, byte[][] unitBytes, boolean[] lookUp, String coordinatorVersion) {
        String me = memberName;
        UnitOutcome[] out = new UnitOutcome[keys.length];
        if (!version.equals(coordinatorVersion)) {
            Arrays.fill(out, UnitOutcome.refused(UnitOutcome.Status.VERSION_MISMATCH, me, "member " + me
                    + " runs jphasic " + version + " but the coordinator runs jphasic " + coordinatorVersion));
            return new BatchOutcome(out);
        }
        if (!enter()) {
            handedBack.addAndGet(keys.length);
            Arrays.fill(out, UnitOutcome.refused(UnitOutcome.Status.HANDED_BACK, me, "member " + me
                    + " is shutting down"));
            return new BatchOutcome(out);
        }
        try {
            IMap<String, byte[]> traces = instance.getMap(HazelcastSetup.TRACE_MAP);
            Map<String, byte[]> toPublish = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                out[i] = runOne(traces, keys[i], unitBytes[i], lookUp[i], me);
                UnitOutcome.Status status = out[i].status();
                if (status == UnitOutcome.Status.RECORDED || status == UnitOutcome.Status.FROM_DISK) {
                    toPublish.put(keys[i], out[i].traceBytes());
                }
            }
            publish(traces, toPublish);
            return new BatchOutcome(out);
        } finally {
            exit();
        }
    }

    private UnitOutcome runOne(IMap<String, byte[]> traces, String key, byte[] unitBytes, boolean lookUp,
                               String me) {
        try {
            byte[] found = lookUp ? lookup(traces, key) : null;
            if (found != null) {
                fromMap.incrementAndGet();
                return UnitOutcome.traced(UnitOutcome.Status.FROM_MAP, me, found, 0);
            }
            Trace cached = store == null ? null : store.get(TraceKind.UNIT, key);
            if (cached != null) {
                byte[] bytes = TraceFile.toBytes(cached, key, false);
                fromDisk.incrementAndGet();
                return UnitOutcome.traced(UnitOutcome.Status.FROM_DISK, me, bytes, 0);
            }
            WorkUnit unit = WorkUnit.fromBytes(unitBytes);
            if (!unit.key().equals(key)) {
                failed.incrementAndGet();
                return UnitOutcome.refused(UnitOutcome.Status.FAILED, me, "the bytes of unit " + key
                        + " decode to a unit with key " + unit.key());
            }
            observer.recording(key);
            RecordedUnit r = WorkExecutors.recordOne(unit, me);
            observer.recorded(key);
            byte[] bytes = TraceFile.toBytes(r.trace(), key, r.nanos(), false);
            if (store != null) {
                store.put(TraceKind.UNIT, key, r.trace(), r.nanos());
            }
            recorded.incrementAndGet();
            return UnitOutcome.traced(UnitOutcome.Status.RECORDED, me, bytes, r.nanos());
        } catch (PhasicException e) {
            // the unit itself is at fault (bad bytes, a recording error): retrying elsewhere would fail the same way
            failed.incrementAndGet();
            LOG.warn("unit {} failed on this member: {}", key, e.getMessage());
            return UnitOutcome.refused(UnitOutcome.Status.FAILED, me, e.getMessage());
        }
    }

    private static byte[] lookup(IMap<String, byte[]> traces, String key) {
        try {
            return traces.get(key);
        } catch (RuntimeException e) {
            // like a disk cache read: a failed lookup is a miss, reported (a member died and its partitions move)
            LOG.warn("cluster map lookup of unit {} failed ({}); recording it", key, e.toString());
            return null;
        }
    }

    /** Publishes a batch's traces in one call (grouped by partition owner), before the batch is answered. */
    private static void publish(IMap<String, byte[]> traces, Map<String, byte[]> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            traces.putAll(entries);
        } catch (RuntimeException e) {
            // like a disk cache write: the traces are still returned, only later recordings miss them
            LOG.warn("could not publish {} unit(s) to the cluster map ({})", entries.size(), e.toString());
        }
    }

    private synchronized boolean enter() {
        if (draining) {
            return false;
        }
        inFlight++;
        return true;
    }

    private synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    /**
     * Refuses new units from now on and waits for those in flight.
     *
     * @param timeout the longest wait
     * @return batches still in flight when the wait ended (0 if all finished)
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized int drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return inFlight;
    }

    /** @return batches in flight right now */
    synchronized int inFlight() {
        return inFlight;
    }
}
