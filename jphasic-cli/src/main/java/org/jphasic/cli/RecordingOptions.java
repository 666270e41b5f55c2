package org.jphasic.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jphasic.ParameterException;
import org.jphasic.cache.DiskTraceStore;
import org.jphasic.cache.MemoryTraceStore;
import org.jphasic.cache.TraceStore;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.Strategy;
import picocli.CommandLine.Option;

/** The recording options shared by commands that record traces: strategy, units, cache, cluster. */
final class RecordingOptions {
    @Option(names = "--strategy", paramLabel = "S", defaultValue = "auto",
            description = "auto | sequential | threads | cluster (vmap and pmap are aliases of threads and "
                    + "cluster). Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--min-scc-size", paramLabel = "N", defaultValue = "50",
            description = "Components of at least N vertices are work units of their own; smaller ones are "
                    + "batched, except repeated shapes of at least N/8 vertices, which stay alone so that "
                    + "identical components are recorded once. Default: ${DEFAULT-VALUE}.")
    int minSccSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads for --strategy threads (default: one per core).")
    int threads;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Trace cache directory (default: $JPHASIC_CACHE_DIR, else ~/.cache/jphasic).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Do not read or write the trace cache.")
    boolean noCache;

    @Option(names = "--cluster", paramLabel = "ADDRS", split = ",",
            description = "Cluster members host:port,... for --strategy cluster (auto chooses the cluster when "
                    + "given).")
    List<String> cluster = List.of();

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ExecutionSettings.DEFAULT_CLUSTER_NAME,
            description = "Cluster name the members use. Default: ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for cluster members. Default: ${DEFAULT-VALUE} s.")
    double joinTimeout;

    ExecutionSettings settings() {
        if (minSccSize < 1) {
            throw new ParameterException("--min-scc-size must be at least 1, got " + minSccSize);
        }
        if (threads < 0) {
            throw new ParameterException("--threads must be at least 0, got " + threads);
        }
        if (!(joinTimeout >= 0)) {
            throw new ParameterException("--join-timeout must be at least 0, got " + joinTimeout);
        }
        return new ExecutionSettings(Strategy.parse(strategy), threads, cluster, clusterName,
                Duration.ofMillis((long) (joinTimeout * 1000)));
    }

    /** @return the store to use, or null with --no-cache */
    TraceStore store() {
        return store(cacheDir, noCache);
    }

    /**
     * @param cacheDir the --cache-dir option, or null
     * @param noCache  the --no-cache option
     * @return the memory-fronted disk store, or null with --no-cache
     */
    static TraceStore store(Path cacheDir, boolean noCache) {
        if (noCache) {
            if (cacheDir != null) {
                throw new ParameterException("--no-cache and --cache-dir contradict each other; give one");
            }
            return null;
        }
        return MemoryTraceStore.inFrontOf(256L << 20, DiskTraceStore.open(cacheRoot(cacheDir)));
    }

    static Path cacheRoot(Path cacheDir) {
        return cacheDir != null ? cacheDir : DiskTraceStore.defaultRoot();
    }

    @Override
    public String toString() {
        return "strategy " + strategy + ", min-scc-size " + minSccSize + ", cluster " + Arrays.toString(
                cluster.toArray());
    }
}
