package org.jphasic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jphasic.cluster.ClusterWorker;
import org.jphasic.graph.Graph;
import org.jphasic.io.GraphJson;
import org.jphasic.io.TraceFile;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.trace.TraceEvaluator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace record --strategy cluster} and {@code worker} on 127.0.0.1. */
class ClusterCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The exit code and what a command printed. */
    private record Run(int code, String out, String err) {
    }

    private static Run jphasic(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path graphFile(Path dir, Graph g) {
        Path file = dir.resolve("graph.json");
        GraphJson.write(g, file);
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void clusterStrategyWithoutAClusterSaysHowToStartWorkers(@TempDir Path dir) {
        Run r = jphasic("trace", "record", graphFile(dir, Rabbits.parameterized(4)).toString(), "--strategy",
                "cluster", "--no-cache");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("Cannot use strategy='cluster': no cluster configured")
                .contains("jphasic worker --join").contains("--strategy threads");
    }

    @Test
    void noMemberReachableIsAClearErrorWithinSeconds(@TempDir Path dir) throws IOException {
        String address = "127.0.0.1:" + freePort();
        long start = System.nanoTime();
        Run r = jphasic("trace", "record", graphFile(dir, Rabbits.parameterized(4)).toString(), "--strategy",
                "cluster", "--cluster", address, "--cluster-name", "jphasic-test-" + UUID.randomUUID(),
                "--join-timeout", "1", "--no-cache");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds until the error").isLessThan(10);
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).startsWith("jphasic: Cannot use strategy='cluster': no cluster members reachable at "
                + address + "\n  Start workers with: jphasic worker --join " + address
                + "   Or use: --strategy threads");
        assertThat(r.err()).as("Hazelcast's connection retries stay quiet").doesNotContain("WARN");
    }

    @Test
    void traceRecordOnTheClusterReportsUnitsPerMemberThenServesFromTheClusterMap(@TempDir Path dir)
            throws IOException {
        String name = "jphasic-test-" + UUID.randomUUID();
        int[] ports = {freePort(), freePort()};
        List<String> addresses = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        Graph g = Rabbits.parameterized(12);
        Path graph = graphFile(dir, g);
        try (ClusterWorker first = ClusterWorker.builder().join(addresses).port(ports[0]).clusterName(name).start();
             ClusterWorker second = ClusterWorker.builder().join(addresses).port(ports[1]).clusterName(name)
                     .start()) {
            Path trace = dir.resolve("g.trace");
            Run r = jphasic("trace", "record", graph.toString(), "--strategy", "cluster", "--cluster",
                    String.join(",", addresses), "--cluster-name", name, "--min-scc-size", "1", "--no-cache",
                    "--json", "-o", trace.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode json = JSON.readTree(r.out());
            int units = json.get("units").asInt();
            assertThat(json.get("strategy").asText()).isEqualTo("cluster(2 members)");
            assertThat(json.get("cacheMisses").asInt()).isEqualTo(units);
            JsonNode perMember = json.get("execution").get("unitsByMember");
            assertThat(perMember.get(addresses.get(0)).asInt() + perMember.get(addresses.get(1)).asInt())
                    .isEqualTo(units);
            assertThat(first.statistics().recorded() + second.statistics().recorded()).isEqualTo(units);
            TraceEvaluator ev = new TraceEvaluator(TraceFile.fromBytes(Files.readAllBytes(trace)).trace());
            ev.evaluate(new double[] {1, 2, 4});
            assertRelativelyClose(ev.moments().expectation(), Moments.of(g.at(new double[] {1, 2, 4}))
                    .expectation(), 1e-9, "E[T] of the trace recorded on the cluster");

            // auto chooses the cluster when one is given; every unit now comes from the cluster map
            Run again = jphasic("trace", "record", graph.toString(), "--cluster", String.join(",", addresses),
                    "--cluster-name", name, "--min-scc-size", "1", "--no-cache");
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out()).contains(units + " units (" + units + " distinct): " + units
                    + " from the cache, 0 recorded (cluster(2 members))")
                    .contains("cluster(2 members): units per member: none; " + units + " from the shared cache; "
                            + "0 retries; 0 members lost");
        }
    }

    @Test
    @Tag("slow")
    void theWorkerCommandServesUnitsAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String name = "jphasic-test-" + UUID.randomUUID();
        String address = "127.0.0.1:" + freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("jphasic.test.jvmFlags", "").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
                "--join", address, "--port", address.substring(address.indexOf(':') + 1), "--cluster-name", name,
                "--no-cache", "--threads", "1"));
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        // bounded: a worker that hangs is killed, which ends the reads below
        CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS).execute(() -> worker.toHandle().destroyForcibly());
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = readUntil(in, output, "ready");
            assertThat(line).contains("jphasic worker " + address + " ready: cluster '" + name + "'");

            Run r = jphasic("trace", "record", graphFile(dir, Rabbits.parameterized(8)).toString(), "--strategy",
                    "cluster", "--cluster", address, "--cluster-name", name, "--min-scc-size", "1", "--no-cache",
                    "--json");
            assertThat(r.code()).as(r.err()).isZero();
            int units = JSON.readTree(r.out()).get("units").asInt();

            worker.toHandle().destroy(); // SIGTERM
            String stopped = readUntil(in, output, "stopped");
            assertThat(stopped).contains("jphasic worker " + address + " stopped: Statistics[recorded=" + units);
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker exited").isTrue();
            assertThat(worker.exitValue()).as("exit code after SIGTERM").isEqualTo(143);
        } finally {
            worker.destroyForcibly();
        }
    }

    private static String readUntil(BufferedReader in, List<String> output, String word) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            output.add(line);
            if (line.contains(word)) {
                return line;
            }
        }
        throw new AssertionError("no line with '" + word + "'; output:\n" + String.join("\n", output));
    }
}
