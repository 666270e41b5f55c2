package org.jphasic.cluster;

import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.Strategy;
import org.jphasic.exec.WorkExecutor;
import org.jphasic.exec.WorkExecutorProvider;

/**
 * The executor of strategy {@code cluster}, found by the core through {@link java.util.ServiceLoader}: a
 * Hazelcast client connects to the members of {@link ExecutionSettings#clusterMembers()} and sends them the
 * units. Listed in {@code META-INF/services/org.jphasic.exec.WorkExecutorProvider}.
 *
 * <pre>{@code
 * ExecutionSettings settings = new ExecutionSettings(Strategy.CLUSTER, 0, List.of("127.0.0.1:5701"), "jphasic",
 *         Duration.ofSeconds(10));
 * RecordingResult r = HierarchicalRecorder.builder().execution(settings).build().record(graph);
 * }</pre>
 */
public final class ClusterExecutorProvider implements WorkExecutorProvider {
    /** Creates the provider (called by the service loader). */
    public ClusterExecutorProvider() {
    }

    @Override
    public Strategy strategy() {
        return Strategy.CLUSTER;
    }

    /**
     * Connects to the cluster, waiting up to the join timeout for a member.
     *
     * @param settings the cluster's addresses, name and join timeout
     * @return the executor; closing it disconnects
     * @throws org.jphasic.ClusterException   if no member is reachable in time, or the members run another
     *                                        jphasic version
     * @throws org.jphasic.ParameterException if an address is malformed
     */
    @Override
    public WorkExecutor open(ExecutionSettings settings) {
        return ClusterExecutor.open(settings, BuildVersion.current());
    }
}
