package org.jphasic.exec;

import java.util.Locale;
import org.jphasic.ParameterException;

/**
 * How work units are recorded: {@code auto} chooses; {@code sequential} records them one after another in
 * this thread; {@code threads} on all cores of this machine; {@code cluster} on the members of a Hazelcast
 * cluster (the {@code jphasic-cluster} module). phasic's names {@code vmap} and {@code pmap} are accepted for
 * {@code threads} and {@code cluster}.
 */
public enum Strategy {
    /** Cluster when one is configured, else threads when there are several cores and units, else sequential. */
    AUTO,
    /** One unit after another, in the calling thread. */
    SEQUENTIAL,
    /** All cores of this machine. */
    THREADS,
    /** The members of a cluster. */
    CLUSTER;

    /**
     * @param name a strategy name (case-insensitive), or an alias {@code vmap} / {@code pmap}
     * @return the strategy
     * @throws ParameterException for any other name, listing the valid ones
     */
    public static Strategy parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "auto":
                return AUTO;
            case "sequential":
                return SEQUENTIAL;
            case "threads":
            case "vmap":
                return THREADS;
            case "cluster":
            case "pmap":
                return CLUSTER;
            default:
                throw new ParameterException("Invalid parallelization strategy: '" + name + "'\n"
                        + "  Valid options: 'auto', 'sequential', 'threads', 'cluster'");
        }
    }

    /** @return the lower-case name */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
