package org.jphasic.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * A worker's side of a unit: check the version, look in the cluster map and the member's own disk cache,
 * record, publish the trace to the map (and the disk cache), answer with the trace bytes. Counts the units in
 * flight so that a stopping worker can let them finish and hand back new ones. Thread-safe.
 */
final class WorkerState {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerState.class);
    /** A cluster map operation slower than this (a member died and its partitions are moving) is a miss. */
    private static final Duration MAP_TIMEOUT = Duration.ofSeconds(5);

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
     * Serves one unit.
     *
     * @param key                the unit's key
     * @param unitBytes          its bytes. Not modified.
     * @param coordinatorVersion the coordinator's jphasic version
     * @return the outcome; a unit that cannot be recorded is a {@link UnitOutcome.Status#FAILED} outcome
     */
    UnitOutcome run(String key, byte[] unitBytes, String coordinatorVersion) {
        String me = memberName;
        if (!version.equals(coordinatorVersion)) {
            return UnitOutcome.refused(UnitOutcome.Status.VERSION_MISMATCH, me, "member " + me + " runs jphasic "
                    + version + " but the coordinator runs jphasic " + coordinatorVersion);
        }
        if (!enter()) {
            handedBack.incrementAndGet();
            return UnitOutcome.refused(UnitOutcome.Status.HANDED_BACK, me, "member " + me + " is shutting down");
        }
        try {
            IMap<String, byte[]> traces = instance.getMap(HazelcastSetup.TRACE_MAP);
            byte[] found = lookup(traces, key);
            if (found != null) {
                fromMap.incrementAndGet();
                return UnitOutcome.traced(UnitOutcome.Status.FROM_MAP, me, found, 0);
            }
            Trace cached = store == null ? null : store.get(TraceKind.UNIT, key);
            if (cached != null) {
                byte[] bytes = TraceFile.toBytes(cached, key, false);
                publish(traces, key, bytes);
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
            publish(traces, key, bytes);
            if (store != null) {
                store.put(TraceKind.UNIT, key, r.trace(), r.nanos());
            }
            recorded.incrementAndGet();
            return UnitOutcome.traced(UnitOutcome.Status.RECORDED, me, bytes, r.nanos());
        } catch (InterruptedException e) {
            // the member is being stopped: the unit goes back to the coordinator, which sends it elsewhere
            Thread.currentThread().interrupt();
            handedBack.incrementAndGet();
            return UnitOutcome.refused(UnitOutcome.Status.HANDED_BACK, me, "member " + me + " was interrupted");
        } catch (PhasicException e) {
            // the unit itself is at fault (bad bytes, a recording error): retrying elsewhere would fail the same way
            failed.incrementAndGet();
            LOG.warn("unit {} failed on this member: {}", key, e.getMessage());
            return UnitOutcome.refused(UnitOutcome.Status.FAILED, me, e.getMessage());
        } finally {
            exit();
        }
    }

    private static byte[] lookup(IMap<String, byte[]> traces, String key) throws InterruptedException {
        try {
            return traces.getAsync(key).toCompletableFuture().get(MAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cluster map lookup of unit {} failed ({}); recording it", key, e.toString());
            return null;
        }
    }

    private static void publish(IMap<String, byte[]> traces, String key, byte[] bytes) throws InterruptedException {
        try {
            traces.setAsync(key, bytes).toCompletableFuture().get(MAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // like a disk cache write: the trace is still returned, only later recordings miss it
            LOG.warn("could not publish unit {} to the cluster map ({})", key, e.toString());
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
     * @return units still in flight when the wait ended (0 if all finished)
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

    /** @return units in flight right now */
    synchronized int inFlight() {
        return inFlight;
    }
}
