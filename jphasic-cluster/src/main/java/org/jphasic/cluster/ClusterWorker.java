package org.jphasic.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jphasic.ClusterException;
import org.jphasic.ParameterException;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.ExecutionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member that records work units for coordinators: {@code jphasic worker} runs one until it is
 * stopped. It joins the members listed (TCP-IP on explicit addresses only), announces its jphasic version and
 * thread count as member attributes, records the units sent to it, publishes every trace in the cluster-wide
 * trace map ({@value #TRACE_MAP}, unit key → trace file bytes, one asynchronous backup, least recently used
 * entries evicted beyond 40% of the heap) and, if given one, in its own disk cache.
 *
 * <p>Stopping ({@link #close()}, or SIGTERM through the command's shutdown hook) is graceful: new units are
 * handed back to their coordinator, units in flight finish (up to the drain timeout; beyond it they are handed
 * back too), then the member leaves and its share of the trace map moves to the others. Members of different
 * jphasic versions refuse to work together: a worker that finds one in the cluster it joins stops with a
 * {@link ClusterException}.
 *
 * <pre>{@code
 * try (ClusterWorker worker = ClusterWorker.builder().join(List.of("127.0.0.1:5701")).port(5701).start()) {
 *     worker.awaitStop();
 * }
 * }</pre>
 */
public final class ClusterWorker implements AutoCloseable {
    /** The name of the cluster-wide trace map: unit key → {@link org.jphasic.io.TraceFile} bytes. */
    public static final String TRACE_MAP = HazelcastSetup.TRACE_MAP;
    /** The default port. */
    public static final int DEFAULT_PORT = 5701;
    /** The default bind address: this machine only. Anything else must be asked for. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);

    private final HazelcastInstance instance;
    private final WorkerState state;
    private final String clusterName;
    private final Duration drainTimeout;
    private final CountDownLatch stopped;
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * What a worker has done since it started.
     *
     * @param recorded   units it recorded
     * @param fromMap    units it found in the cluster map
     * @param fromDisk   units it found in its own disk cache
     * @param failed     units that failed (bad data), reported to their coordinator
     * @param handedBack units it handed back while stopping
     */
    public record Statistics(long recorded, long fromMap, long fromDisk, long failed, long handedBack) {
    }

    private ClusterWorker(HazelcastInstance instance, WorkerState state, String clusterName, Duration drainTimeout,
                          CountDownLatch stopped) {
        this.instance = instance;
        this.state = state;
        this.clusterName = clusterName;
        this.drainTimeout = drainTimeout;
        this.stopped = stopped;
    }

    /** @return a builder with the defaults: port 5701 on 127.0.0.1, cluster "jphasic", one thread per core */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a {@link ClusterWorker}. */
    public static final class Builder {
        private List<String> join;
        private int port = DEFAULT_PORT;
        private String bind = DEFAULT_BIND;
        private String clusterName = ExecutionSettings.DEFAULT_CLUSTER_NAME;
        private int threads = Runtime.getRuntime().availableProcessors();
        private TraceStore store;
        private Duration drainTimeout = Duration.ofSeconds(20);
        private String version = BuildVersion.current();
        private UnitObserver observer = UnitObserver.NONE;

        private Builder() {
        }

        /**
         * @param addresses members to join, {@code host:port}; may include this worker's own address
         * @return this builder
         */
        public Builder join(List<String> addresses) {
            this.join = ClusterAddresses.parse(addresses, "--join");
            return this;
        }

        /**
         * @param port the port to listen on, exactly (1..65535)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new ParameterException("--port must be from 1 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param address the address to listen on and announce: an IP address or host name of this machine,
         *                or {@code 0.0.0.0} for every interface
         * @return this builder
         */
        public Builder bind(String address) {
            if (address == null || address.isBlank()) {
                throw new ParameterException("--bind needs an address, e.g. 127.0.0.1");
            }
            this.bind = address.trim();
            return this;
        }

        /**
         * @param name the cluster name; coordinators and members must agree
         * @return this builder
         */
        public Builder clusterName(String name) {
            if (name == null || name.isBlank()) {
                throw new ParameterException("--cluster-name must not be blank");
            }
            this.clusterName = name;
            return this;
        }

        /**
         * @param threads units recorded at once, at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new ParameterException("--threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param store the member's own trace cache, consulted before recording and filled after; null for none
         * @return this builder
         */
        public Builder store(TraceStore store) {
            this.store = store;
            return this;
        }

        /**
         * @param timeout how long a stopping worker lets its units in flight finish before handing them back
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new ParameterException("the drain timeout must be >= 0, got " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /** Tests only: pretends to be another jphasic version. */
        Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Tests only: observes (and may slow down) every unit recorded. */
        Builder observer(UnitObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Starts the member and joins the cluster; returns once it has joined (or formed the cluster alone).
         *
         * @return the running worker
         * @throws ParameterException if no join addresses were given or the bind address is unknown
         * @throws ClusterException   if the member cannot start (the port is in use, the address is not this
         *                            machine's) or the cluster has members of another jphasic version
         */
        public ClusterWorker start() {
            if (join == null) {
                throw new ParameterException("--join needs at least one member address host:port");
            }
            String address = resolve(bind);
            checkPortFree(address, port);
            WorkerState state = new WorkerState(version, threads, store, observer);
            CountDownLatch stopped = new CountDownLatch(1);
            Config config = HazelcastSetup.member(clusterName, address, port, join, state);
            config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                    stopped.countDown();
                }
            }));
            HazelcastInstance instance;
            try {
                instance = Hazelcast.newHazelcastInstance(config);
            } catch (RuntimeException e) {
                throw new ClusterException("cannot start a cluster worker on " + address + ":" + port + ": " + e
                        + "\n  Is the port in use or the address not this machine's? Choose another with --port or "
                        + "--bind", e);
            }
            state.attach(instance);
            ClusterWorker worker = new ClusterWorker(instance, state, clusterName, drainTimeout, stopped);
            try {
                worker.checkMembers();
            } catch (ClusterException e) {
                instance.shutdown();
                throw e;
            }
            instance.getCluster().addMembershipListener(worker.new Newcomers());
            LOG.info("worker {} joined cluster '{}' ({} member(s)), {} thread(s), jphasic {}", state.memberName(),
                    clusterName, instance.getCluster().getMembers().size(), threads, version);
            return worker;
        }

        /** Says plainly that the port is taken, before Hazelcast logs it with a stack trace. */
        private static void checkPortFree(String address, int port) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                throw new ClusterException("cannot start a cluster worker on " + address + ":" + port + ": " + e
                        .getMessage() + "\n  Is another worker or program using the port, or is " + address
                        + " not an address of this machine? Choose another with --port or --bind", e);
            }
        }

        private static String resolve(String host) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                throw new ParameterException("--bind: unknown host '" + host + "'; give an IP address of this "
                        + "machine, e.g. 127.0.0.1");
            }
        }
    }

    /** Refuses to work with members of another jphasic version or with members that are not jphasic workers. */
    private void checkMembers() {
        for (Member m : instance.getCluster().getMembers()) {
            if (m.localMember()) {
                continue;
            }
            String problem = incompatibility(m, state.version());
            if (problem != null) {
                throw new ClusterException("worker " + state.memberName() + " cannot join cluster '" + clusterName
                        + "': " + problem + "\n  Members of different jphasic versions refuse to work together: start "
                        + "every worker and coordinator from the same jphasic build, or use another --cluster-name");
            }
        }
    }

    /**
     * @param member  a cluster member
     * @param version the version it must run
     * @return why the member cannot work with us, or null if it can
     */
    static String incompatibility(Member member, String version) {
        Address a = member.getAddress();
        String name = a.getHost() + ":" + a.getPort();
        if (!HazelcastSetup.WORKER_ROLE.equals(member.getAttribute(HazelcastSetup.ROLE_ATTRIBUTE))) {
            return "member " + name + " is not a jphasic worker (another application using the same cluster name?)";
        }
        String theirs = member.getAttribute(HazelcastSetup.VERSION_ATTRIBUTE);
        if (!version.equals(theirs)) {
            return "member " + name + " runs jphasic " + theirs + ", this side runs jphasic " + version;
        }
        return null;
    }

    /** Warns about members that join with another version; they stop themselves, and get no work meanwhile. */
    private final class Newcomers implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            String problem = incompatibility(event.getMember(), state.version());
            if (problem != null) {
                LOG.warn("a member joined that cannot work with this worker: {}", problem);
            }
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            LOG.info("member {} left the cluster", event.getMember().getAddress());
        }
    }

    /** @return the address this worker listens on, {@code host:port} */
    public String address() {
        return state.memberName();
    }

    /** @return the cluster name */
    public String clusterName() {
        return clusterName;
    }

    /** @return how many units this worker records at once */
    public int threads() {
        return state.threads();
    }

    /** @return the number of members in the cluster, this one included (0 once stopped) */
    public int memberCount() {
        return isRunning() ? instance.getCluster().getMembers().size() : 0;
    }

    /** @return whether the member is running */
    public boolean isRunning() {
        return instance.getLifecycleService().isRunning();
    }

    /** @return what this worker has done since it started */
    public Statistics statistics() {
        return state.statistics();
    }

    /** @return the underlying member, for tests in this package */
    HazelcastInstance instance() {
        return instance;
    }

    /**
     * Blocks until the worker has stopped, by {@link #close()} or because its member shut down.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * @return whether {@link #close()} was called (false if the member stopped for another reason)
     */
    public boolean wasClosed() {
        return closing.get();
    }

    /**
     * Stops gracefully: hands back new units, lets units in flight finish (up to the drain timeout), then leaves
     * the cluster, moving its share of the trace map to the remaining members. Idempotent; returns when stopped.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        LOG.info("worker {} stopping: {} unit(s) in flight", state.memberName(), state.inFlight());
        try {
            int left = state.drain(drainTimeout);
            if (left > 0) {
                LOG.warn("worker {}: {} unit(s) still in flight after {} s; leaving, their coordinators resubmit them",
                        state.memberName(), left, drainTimeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("worker {}: interrupted while draining; leaving now, coordinators resubmit the units in "
                    + "flight", state.memberName());
        }
        instance.shutdown();
        awaitQuietly();
        LOG.info("worker {} stopped: {}", state.memberName(), state.statistics());
    }

    private void awaitQuietly() {
        try {
            if (!stopped.await(60, TimeUnit.SECONDS)) {
                LOG.warn("worker {} did not report its shutdown within 60 s", state.memberName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ClusterWorker[" + state.memberName() + ", cluster '" + clusterName + "', " + state.threads()
                + " thread(s)]";
    }
}
