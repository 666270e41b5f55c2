package org.jphasic.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast configuration of workers (members) and coordinators (clients). Everything is explicit: TCP-IP
 * join to the listed addresses only (multicast and auto-detection off), no phone-home, logging through slf4j,
 * our own serialization factory, failure detection in seconds rather than Hazelcast's default minute.
 */
final class HazelcastSetup {
    /** The cluster-wide map of unit traces: unit key → {@link org.jphasic.io.TraceFile} bytes. */
    static final String TRACE_MAP = "jphasic-traces-v1";
    /** The executor service units run on. */
    static final String EXECUTOR = "jphasic-units";
    /** Member attribute: the role; workers say {@value #WORKER_ROLE}. */
    static final String ROLE_ATTRIBUTE = "jphasic.role";
    /** The role of a worker member. */
    static final String WORKER_ROLE = "worker";
    /** Member attribute: the jphasic version of the member. */
    static final String VERSION_ATTRIBUTE = "jphasic.version";
    /** Member attribute: how many units the member records at once. */
    static final String THREADS_ATTRIBUTE = "jphasic.threads";
    /** The key of the {@link WorkerState} in a member's user context. */
    static final String STATE_KEY = "jphasic.worker";

    /** The trace map may hold at most this share of a member's heap before least recently used entries go. */
    private static final int MAP_HEAP_PERCENT = 40;

    private HazelcastSetup() {
    }

    /**
     * @param clusterName the cluster name
     * @param bind        the address to bind to and announce ({@code 0.0.0.0} for every interface)
     * @param port        the port, taken as given (no auto-increment: the join lists name exact ports)
     * @param join        addresses of members to join
     * @param state       what the member's unit tasks need (its version, threads, disk store, test hooks)
     * @return a worker member's configuration
     */
    static Config member(String clusterName, String bind, int port, List<String> join, WorkerState state) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName("jphasic-worker-" + bind + "-" + port + "-" + Long.toHexString(System.nanoTime()));
        Map<String, String> properties = Map.of(
                "hazelcast.logging.type", "slf4j",
                "hazelcast.phone.home.enabled", "false",
                // the worker stops itself on SIGTERM, draining its units first
                "hazelcast.shutdownhook.enabled", "false",
                "hazelcast.wait.seconds.before.join", "1",
                // a dead member is noticed in seconds: its units are resubmitted
                "hazelcast.heartbeat.interval.seconds", "1",
                "hazelcast.max.no.heartbeat.seconds", "10",
                "hazelcast.merge.first.run.delay.seconds", "10",
                "hazelcast.merge.next.run.delay.seconds", "10",
                "hazelcast.graceful.shutdown.max.wait", "30",
                "hazelcast.socket.bind.any", Boolean.toString(isWildcard(bind)));
        properties.forEach(config::setProperty);
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        if (!isWildcard(bind)) {
            network.getInterfaces().setEnabled(true).addInterface(bind);
        }
        JoinConfig joinConfig = network.getJoin();
        joinConfig.getMulticastConfig().setEnabled(false);
        joinConfig.getAutoDetectionConfig().setEnabled(false);
        joinConfig.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(join);

        config.getMemberAttributeConfig().setAttribute(ROLE_ATTRIBUTE, WORKER_ROLE)
                .setAttribute(VERSION_ATTRIBUTE, state.version())
                .setAttribute(THREADS_ATTRIBUTE, Integer.toString(state.threads()));
        config.getExecutorConfig(EXECUTOR).setPoolSize(state.threads()).setQueueCapacity(0);
        MapConfig map = config.getMapConfig(TRACE_MAP);
        // one asynchronous backup: a put does not wait for it, and an entry lost with its member is recomputed
        map.setBackupCount(0).setAsyncBackupCount(1).setEvictionConfig(new EvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU).setMaxSizePolicy(MaxSizePolicy.USED_HEAP_PERCENTAGE)
                .setSize(MAP_HEAP_PERCENT));
        config.getSerializationConfig().addDataSerializableFactory(ClusterSerialization.FACTORY_ID,
                new ClusterSerialization());
        ConcurrentHashMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(STATE_KEY, state);
        config.setUserContext(context);
        return config;
    }

    /**
     * @param clusterName    the cluster name
     * @param addresses      member addresses to connect to
     * @param connectTimeout how long to keep trying before giving up
     * @return a coordinator's client configuration
     */
    static ClientConfig client(String clusterName, List<String> addresses, Duration connectTimeout) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setInstanceName("jphasic-coordinator-" + Long.toHexString(System.nanoTime()));
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.client.heartbeat.interval", "1000");
        config.setProperty("hazelcast.client.heartbeat.timeout", "10000");
        ClientNetworkConfig network = config.getNetworkConfig();
        network.setAddresses(addresses);
        network.getAutoDetectionConfig().setEnabled(false);
        network.setConnectionTimeout((int) Math.max(500, Math.min(5000, connectTimeout.toMillis())));
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(Math.max(1, connectTimeout.toMillis()))
                .setInitialBackoffMillis(200).setMaxBackoffMillis(1000);
        config.getSerializationConfig().addDataSerializableFactory(ClusterSerialization.FACTORY_ID,
                new ClusterSerialization());
        return config;
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }
}
