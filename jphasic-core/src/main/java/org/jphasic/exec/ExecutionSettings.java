package org.jphasic.exec;

import java.time.Duration;
import java.util.List;

/**
 * Where and how to record units.
 *
 * @param strategy       the requested strategy
 * @param threads        threads for {@code threads} (0 = one per available core)
 * @param clusterMembers addresses {@code host:port} of cluster members; empty when no cluster is configured
 * @param clusterName    the cluster's name (members must agree)
 * @param joinTimeout    how long to wait for cluster members before giving up
 */
public record ExecutionSettings(Strategy strategy, int threads, List<String> clusterMembers, String clusterName,
                                Duration joinTimeout) {
    /** The default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "jphasic";

    /**
     * Validates and copies.
     *
     * @param strategy       the requested strategy
     * @param threads        threads for {@code threads} (0 = one per available core)
     * @param clusterMembers addresses {@code host:port} of cluster members; empty when no cluster is configured
     * @param clusterName    the cluster's name (members must agree)
     * @param joinTimeout    how long to wait for cluster members before giving up
     */
    public ExecutionSettings {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        clusterMembers = List.copyOf(clusterMembers);
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        if (joinTimeout == null || joinTimeout.isNegative()) {
            throw new IllegalArgumentException("join timeout must be >= 0");
        }
    }

    /**
     * @param strategy the strategy
     * @return settings for a local strategy, no cluster
     */
    public static ExecutionSettings local(Strategy strategy) {
        return new ExecutionSettings(strategy, 0, List.of(), DEFAULT_CLUSTER_NAME, Duration.ofSeconds(10));
    }

    /** @return whether a cluster is configured */
    public boolean hasCluster() {
        return !clusterMembers.isEmpty();
    }
}
