package org.jphasic.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jphasic.cluster.ClusterWorker;
import org.jphasic.exec.ExecutionSettings;
import org.jphasic.exec.Strategy;
import org.jphasic.graph.Graph;
import org.jphasic.hierarchy.HierarchicalRecorder;
import org.jphasic.hierarchy.RecordingResult;
import org.jphasic.hierarchy.UnitPlanner;
import org.jphasic.hierarchy.WorkUnit;
import org.jphasic.io.TraceFile;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;
import org.jphasic.trace.Trace;
import org.jphasic.trace.TraceRecorder;

/**
 * The cluster benchmarks of docs/CLUSTER.md: cold hierarchical recording of a large multi-component model on
 * 1 and 2 worker processes (this machine, 127.0.0.1) against local sequential and threads, a warm recording
 * served from the cluster map, and the per-unit cost of serialization and transport. Medians of repeated runs;
 * the trace map is cleared before every cold run.
 *
 * <pre>
 * mvn -B -q -DskipTests -pl jphasic-bench -am package
 * java -Xmx3g $HAZELCAST_FLAGS -cp jphasic-bench/target/jphasic-bench.jar org.jphasic.bench.ClusterBenchmarks
 * </pre>
 * where {@code $HAZELCAST_FLAGS} is the root pom's {@code hazelcast.jvm.flags} (optional: without them
 * Hazelcast only warns). Worker processes get {@code -Xmx2g} and the same flags.
 */
public final class ClusterBenchmarks {
    private static final int SAMPLES = 5;

    private ClusterBenchmarks() {
    }

    /**
     * Runs the benchmarks and prints Markdown tables.
     *
     * @param args optional: the number of samples per cell (default 5), then the sections to run: dense, rabbits,
     *             chain (default all)
     * @throws Exception if a worker process cannot be started
     */
    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : SAMPLES;
        List<String> sections = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("dense", "rabbits", "chain");
        System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (sections.contains("dense")) {
            Graph dense = Models.denseBlocks(40, 120, 1);
            serialization("dense-blocks-40x120", dense);
            recording("dense-blocks-40x120 (40 dense components of 120 vertices: compute-bound units)", dense,
                    samples);
        }
        if (sections.contains("rabbits")) {
            Graph rabbits = Rabbits.parameterized(300);
            serialization("rabbits-300", rabbits);
            recording("rabbits-300 (302 components of 1 to 301 vertices: cheap units)", rabbits, samples);
        }
        if (sections.contains("chain")) {
            Graph chain = Coalescent.lineageCountingParameterized(1000);
            serialization("coalescent-chain-1000", chain);
            recording("coalescent-chain-1000 (1,000 one-vertex units: the per-unit overhead)", chain, samples);
        }
    }

    /** Per unit: unit bytes out and back, trace bytes out and back, as the cluster does it. */
    private static void serialization(String name, Graph g) {
        List<WorkUnit> units = UnitPlanner.plan(g, 1);
        List<Trace> traces = new ArrayList<>();
        for (WorkUnit u : units) {
            traces.add(TraceRecorder.record(u));
        }
        long unitBytes = 0;
        long traceBytes = 0;
        for (int i = 0; i < units.size(); i++) {
            unitBytes += units.get(i).toBytes().length;
            traceBytes += TraceFile.toBytes(traces.get(i), units.get(i).key(), false).length;
        }
        double seconds = Driver.median(3, 9, 1, () -> {
            double s = 0;
            for (int i = 0; i < units.size(); i++) {
                WorkUnit back = WorkUnit.fromBytes(units.get(i).toBytes());
                s += back.edgeCount();
                s += TraceFile.fromBytes(TraceFile.toBytes(traces.get(i), back.key(), false)).trace().size();
            }
            return s;
        });
        double record = Driver.median(1, 5, 1, () -> {
            double s = 0;
            for (WorkUnit u : units) {
                s += TraceRecorder.record(u).size();
            }
            return s;
        });
        System.out.printf(Locale.ROOT, "serialization %s: %,d units, %.1f KB unit bytes and %.1f KB trace bytes per "
                + "unit; encode+decode+key %.1f µs per unit; recording %.1f µs per unit%n", name, units.size(),
                unitBytes / 1024.0 / units.size(), traceBytes / 1024.0 / units.size(),
                seconds / units.size() * 1e6, record / units.size() * 1e6);
    }

    private static void recording(String name, Graph g, int samples) throws Exception {
        int units = UnitPlanner.plan(g, 1).size();
        System.out.println();
        System.out.println("### " + name + ": " + g.vertexCount() + " vertices, " + units + " units (min size 1)");
        System.out.println();
        System.out.println("| where | cold recording (s) | speed-up vs sequential | units per member |");
        System.out.println("|---|---:|---:|---|");
        double sequential = local(g, Strategy.SEQUENTIAL, samples);
        row("this JVM, sequential", sequential, sequential, "");
        row("this JVM, threads(2)", local(g, Strategy.THREADS, samples), sequential, "");
        for (int[] shape : new int[][] {{1, 1}, {2, 1}, {1, 2}, {2, 2}}) {
            try (Workers workers = Workers.start(shape[0], shape[1])) {
                RecordingResult[] last = new RecordingResult[1];
                double cold = median(samples, () -> {
                    workers.clearMap();
                    last[0] = record(g, workers.settings());
                    return last[0];
                });
                row(shape[0] + " worker process(es) × " + shape[1] + " thread(s)", cold, sequential,
                        last[0].execution().unitsByMember().toString());
                if (shape[0] == 2 && shape[1] == 2) {
                    double warm = median(samples, () -> record(g, workers.settings()));
                    row("2 × 2, warm: every unit from the cluster map", warm, sequential, "");
                    double connect = median(samples, () -> {
                        try (var executor = org.jphasic.exec.WorkExecutors.open(workers.settings(), 1)) {
                            return null;
                        }
                    });
                    System.out.printf(Locale.ROOT, "| (connecting the coordinator's client alone) | %.3f | | |%n",
                            connect);
                }
            }
        }
    }

    private static void row(String where, double seconds, double sequential, String perMember) {
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f× | %s |%n", where, seconds, sequential / seconds,
                perMember);
    }

    private static double local(Graph g, Strategy strategy, int samples) throws Exception {
        return median(samples, () -> HierarchicalRecorder.builder().minComponentSize(1).strategy(strategy).build()
                .record(g));
    }

    private static RecordingResult record(Graph g, ExecutionSettings settings) {
        return HierarchicalRecorder.builder().minComponentSize(1).execution(settings).build().record(g);
    }

    /** Something timed. */
    private interface Timed {
        Object run() throws Exception;
    }

    /** Median seconds of {@code samples} runs after one warm-up run. */
    private static double median(int samples, Timed work) throws Exception {
        work.run();
        double[] t = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        return Driver.middle(t);
    }

    /** Worker processes on 127.0.0.1 and a client that clears the trace map between cold runs. */
    private static final class Workers implements AutoCloseable {
        private final String name = "jphasic-bench-" + UUID.randomUUID();
        private final List<String> addresses = new ArrayList<>();
        private final List<Process> processes = new ArrayList<>();
        private HazelcastInstance client;

        static Workers start(int count, int threads) throws IOException {
            Workers w = new Workers();
            // an interrupted benchmark leaves no worker processes behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> w.processes.forEach(p -> p.destroyForcibly())));
            for (int i = 0; i < count; i++) {
                w.addresses.add("127.0.0.1:" + freePort());
            }
            try {
                for (String a : w.addresses) {
                    w.processes.add(w.launch(a, threads));
                }
                ClientConfig config = new ClientConfig();
                config.setClusterName(w.name);
                config.setProperty("hazelcast.logging.type", "none");
                config.setProperty("hazelcast.phone.home.enabled", "false");
                config.getNetworkConfig().setAddresses(w.addresses);
                w.client = HazelcastClient.newHazelcastClient(config);
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            }
            return w;
        }

        private Process launch(String address, int threads) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx2g");
            command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-")).toList());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(), name,
                    address.substring(address.indexOf(':') + 1), String.join(",", addresses),
                    Integer.toString(threads)));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line == null) {
                    throw new IOException("worker " + address + " ended before it was ready");
                }
                if (line.startsWith("READY")) {
                    break;
                }
            }
            Thread drain = new Thread(() -> {
                try {
                    while (in.readLine() != null) {
                        // discard: the workers log nothing we report
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            drain.setDaemon(true);
            drain.start();
            return p;
        }

        ExecutionSettings settings() {
            return new ExecutionSettings(Strategy.CLUSTER, 0, addresses, name, Duration.ofSeconds(10));
        }

        void clearMap() {
            client.getMap(ClusterWorker.TRACE_MAP).clear();
        }

        @Override
        public void close() throws IOException {
            if (client != null) {
                client.shutdown();
            }
            for (Process p : processes) {
                p.toHandle().destroy();
            }
            for (Process p : processes) {
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            }
        }
    }

    /** A benchmark worker process: {@code clusterName port join threads}; prints READY, stops on SIGTERM. */
    public static final class WorkerMain {
        private WorkerMain() {
        }

        /**
         * @param args cluster name, port, join addresses (comma-separated), threads
         * @throws InterruptedException if interrupted while running
         */
        public static void main(String[] args) throws InterruptedException {
            ClusterWorker worker = ClusterWorker.builder().clusterName(args[0]).port(Integer.parseInt(args[1]))
                    .join(Arrays.asList(args[2].split(","))).threads(Integer.parseInt(args[3])).start();
            Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
            System.out.println("READY " + worker.address());
            System.out.flush();
            worker.awaitStop();
        }
    }
}
