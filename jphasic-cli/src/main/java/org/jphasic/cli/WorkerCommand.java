package org.jphasic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jphasic.ClusterException;
import org.jphasic.ParameterException;
import org.jphasic.cache.TraceStore;
import org.jphasic.cluster.ClusterWorker;
import org.jphasic.exec.ExecutionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jphasic worker --join ADDRS [--port P] [--bind ADDR] [--cluster-name N] [--cache-dir D | --no-cache]}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs a cluster member that records work units for "
            + "'jphasic trace record --strategy cluster --cluster ADDRS' until it is stopped. Ctrl-C or SIGTERM "
            + "stops it cleanly: units in flight finish, new ones go back to their coordinator.",
            "Start the first worker with its own address in --join, the others with any worker's address."})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--join", paramLabel = "ADDRS", split = ",", required = true,
            description = "Members to join, host:port,... (may include this worker's own address).")
    List<String> join;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + ClusterWorker.DEFAULT_PORT,
            description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ClusterWorker.DEFAULT_BIND,
            description = "Address to listen on. Default: ${DEFAULT-VALUE}, this machine only; give the node's "
                    + "address (or 0.0.0.0) to work with members and coordinators on other machines.")
    String bind;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ExecutionSettings.DEFAULT_CLUSTER_NAME,
            description = "Cluster name; members and coordinators must agree. Default: ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Units recorded at once (default: one per core).")
    int threads;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "This member's own trace cache (default: $JPHASIC_CACHE_DIR, else ~/.cache/jphasic).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Keep no trace cache on this member (the cluster map remains).")
    boolean noCache;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 0) {
            throw new ParameterException("--threads must be at least 0, got " + threads);
        }
        TraceStore store = RecordingOptions.store(cacheDir, noCache);
        ClusterWorker.Builder builder = ClusterWorker.builder().join(join).port(port).bind(bind)
                .clusterName(clusterName).store(store);
        if (threads > 0) {
            builder.threads(threads);
        }
        ClusterWorker worker = builder.start();
        PrintWriter err = spec.commandLine().getErr();
        // SIGTERM and Ctrl-C run the hooks: drain, leave the cluster, then say so
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            err.println("jphasic worker " + worker.address() + " stopped: " + worker.statistics());
            err.flush();
        }, "jphasic-worker-stop"));
        err.printf("jphasic worker %s ready: cluster '%s', %d member(s), %d thread(s), cache %s. Stop with Ctrl-C "
                + "or SIGTERM.%n", worker.address(), worker.clusterName(), worker.memberCount(), worker.threads(),
                store == null ? "none" : RecordingOptions.cacheRoot(cacheDir));
        err.flush();
        worker.awaitStop();
        if (!worker.wasClosed()) {
            throw new ClusterException("the cluster member of worker " + worker.address() + " stopped by itself "
                    + "(see the log above); restart the worker");
        }
        return 0;
    }
}
