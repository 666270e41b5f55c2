package org.jphasic.exec;

/**
 * A service ({@link java.util.ServiceLoader}) that opens executors for a strategy the core does not implement
 * itself — the cluster. Implementations have a public no-argument constructor and are listed in
 * {@code META-INF/services/org.jphasic.exec.WorkExecutorProvider}.
 */
public interface WorkExecutorProvider {
    /** @return the strategy it provides */
    Strategy strategy();

    /**
     * Opens an executor, connecting to what it needs.
     *
     * @param settings the execution settings
     * @return the executor
     * @throws org.jphasic.ClusterException if the cluster cannot be reached
     */
    WorkExecutor open(ExecutionSettings settings);
}
