package org.jphasic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jphasic.io.TraceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on small models, in-process: the JSON keys of ARCHITECTURE.md and their values (checked against
 * acceptance values), and the error paths (exit 2 with one line on stderr; nothing written on bad input).
 */
class CommandLineEndToEndTest {
    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    @Test
    void modelAndMomentsOfRabbits() throws IOException {
        Path g = file("rabbits.json");
        Cli.run("model", "rabbits", "n=2", "-o", g.toString()).succeeded();
        assertThat(Files.readString(g)).contains("\"states\"", "\"start_edges\"", "\"param_length\"");
        JsonNode m = Cli.run("moments", g.toString(), "--order", "3", "--json").succeeded().json();
        assertThat(m.get("moments").get(0).asDouble()).isCloseTo(0.5038265306122448, within(1e-12));
        assertThat(m.get("moments").get(2).asDouble()).isCloseTo(0.6559101757731152, within(1e-12));
        assertThat(m.get("variance").asDouble()).isCloseTo(0.2264567497917534, within(1e-12));
        // rewards: left and right island → covariance matrix
        Files.writeString(file("r.json"), "[[0,2,1,0,0,0,1],[0,0,1,0,2,1,0]]");
        JsonNode c = Cli.run("moments", g.toString(), "--reward", file("r.json").toString(), "--json").succeeded()
                .json();
        assertThat(c.get("covariance").get(0).get(1).asDouble()).isCloseTo(0.030003774468971296, within(1e-12));
        assertThat(c.get("moments").get(1).get(0).asDouble()).isCloseTo(0.09438775510204081, within(1e-12));
        // printed to stdout without -o
        assertThat(Cli.run("model", "coalescent", "n=3").succeeded().json().get("n_vertices").asInt()).isEqualTo(4);
    }

    @Test
    void traceEvalOrdersRewardsAndExportAgainstTheAcceptanceValues() throws IOException {
        // acceptance-values.md §4.1: parameterized rabbits(2) at θ = (1, 2, 4), the cyclic-trace regression
        Path g = file("r2.json");
        Path t = file("r2.trace");
        Cli.run("model", "rabbits", "n=2", "parameterized=true", "-o", g.toString()).succeeded();
        JsonNode recorded = Cli.run("trace", "record", g.toString(), "-o", t.toString(), "--no-cache", "--json")
                .succeeded().json();
        JsonNode eval = Cli.run("trace", "eval", t.toString(), "--theta", "1,2,4", "--json").succeeded().json();
        assertThat(eval.get("moments").get(0).asDouble()).isCloseTo(0.508305647840532, within(1e-12));
        // §4: the constant rabbits(2; 2, 4), three moments, and the reward "rabbits on the right island"
        Path c = file("c2.json");
        Path ct = file("c2.trace");
        Cli.run("model", "rabbits", "n=2", "-o", c.toString()).succeeded();
        Cli.run("trace", "record", c.toString(), "-o", ct.toString(), "--no-cache").succeeded();
        JsonNode three = Cli.run("trace", "eval", ct.toString(), "--order", "3", "--json").succeeded().json();
        assertThat(three.get("moments")).hasSize(3);
        assertThat(three.get("moments").get(2).asDouble()).isCloseTo(0.6559101757731152, within(1e-12));
        StringBuilder rewards = new StringBuilder("[");
        JsonNode states = new ObjectMapper().readTree(c.toFile()).get("states");
        for (int v = 0; v < states.size(); v++) {
            rewards.append(v == 0 ? "" : ",").append(states.get(v).get(1).asInt());
        }
        Files.writeString(file("right.json"), rewards.append(']').toString());
        JsonNode right = Cli.run("trace", "eval", ct.toString(), "--order", "3", "--reward",
                file("right.json").toString(), "--json").succeeded().json();
        assertThat(right.get("moments").get(0).asDouble()).isCloseTo(0.09438775510204081, within(1e-12));
        assertThat(right.get("variance").asDouble()).isCloseTo(0.04634787588504789, within(1e-12));
        assertThat(right.get("moments").get(2).asDouble()).isCloseTo(0.052333, within(5e-7));
        JsonNode export = Cli.run("trace", "export", t.toString()).succeeded().json();
        assertThat(export.get("format").asText()).isEqualTo("jphasic.trace.json");
        assertThat(export.get("key").asText()).isEqualTo(recorded.get("key").asText());
        assertThat(export.get("operations")).hasSize(recorded.get("operations").asInt());
        assertThat(export.get("commands")).hasSize(recorded.get("commands").asInt());
        Cli.run("trace", "export", t.toString(), "-o", file("r2.trace.json").toString()).succeeded();
        assertThat(new ObjectMapper().readTree(file("r2.trace.json").toFile())).isEqualTo(export);
        Files.writeString(file("broken.trace"), "JPHTRACE but not really");
        Cli.assertBadInput(Cli.run("trace", "export", file("broken.trace").toString()), "broken.trace");
    }

    @Test
    void traceRecordAndEvalThroughTheCache() {
        Path g = file("p.json");
        Path t = file("p.trace");
        Path cache = file("cache");
        Cli.run("model", "rabbits", "n=20", "parameterized=true", "-o", g.toString()).succeeded();
        JsonNode first = Cli.run("trace", "record", g.toString(), "-o", t.toString(), "--cache-dir", cache.toString(),
                "--min-scc-size", "3", "--strategy", "threads", "--json").succeeded().json();
        for (String key : new String[] {"key", "operations", "commands", "units", "cacheHits", "cacheMisses",
            "strategy", "seconds"}) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        assertThat(first.get("cacheHits").asInt()).isZero();
        assertThat(first.get("units").asInt()).isGreaterThan(1);
        JsonNode second = Cli.run("trace", "record", g.toString(), "--cache-dir", cache.toString(), "--json")
                .succeeded().json();
        assertThat(second.get("cacheHits").asInt()).isEqualTo(1);
        assertThat(second.get("key").asText()).isEqualTo(first.get("key").asText());
        JsonNode eval = Cli.run("trace", "eval", t.toString(), "--theta", "1,2,4", "--json").succeeded().json();
        JsonNode direct = Cli.run("moments", g.toString(), "--theta", "1,2,4", "--json").succeeded().json();
        assertThat(eval.get("moments").get(0).asDouble()).isCloseTo(direct.get("moments").get(0).asDouble(),
                within(1e-12));
        assertThat(eval.get("variance").asDouble()).isCloseTo(direct.get("variance").asDouble(), within(1e-12));
        JsonNode info = Cli.run("cache", "info", "--cache-dir", cache.toString(), "--json").succeeded().json();
        assertThat(info.get("entries").asLong()).isEqualTo(first.get("units").asInt() + 1);
        JsonNode verify = Cli.run("cache", "verify", "--cache-dir", cache.toString(), "--json").succeeded().json();
        assertThat(verify.get("corrupt")).isEmpty();
        assertThat(verify.get("bytes").asLong()).isPositive();
        JsonNode cleared = Cli.run("cache", "clear", "--cache-dir", cache.toString(), "--json").succeeded().json();
        assertThat(cleared.get("entries").asLong()).isZero();
        assertThat(Cli.run("cache", "info", "--cache-dir", cache.toString(), "--json").json().get("entries").asLong())
                .isZero();
    }

    @Test
    void plotWritesAPng() throws IOException {
        Path g = file("k.json");
        Cli.run("model", "coalescent", "n=5", "-o", g.toString()).succeeded();
        Path png = file("k.png");
        Cli.run("plot", g.toString(), "--times", "0:5:50", "-o", png.toString()).succeeded();
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    /** S → a → absorbing at rate θ, as phasic JSON. */
    private Path exponentialGraph() throws IOException {
        Path g = file("exp.json");
        Files.writeString(g, "{\"states\":[[0],[1],[2]],\"edges\":[],\"start_edges\":[[1,1.0]],"
                + "\"param_edges\":[[1,2,1.0]],\"start_param_edges\":[],\"param_length\":1,\"state_length\":1,"
                + "\"n_vertices\":3}");
        return g;
    }

    /** The 200 quantiles F⁻¹((i + ½)/200) of Exp(rate), as a JSON array. */
    private static String exponentialQuantiles(double rate) {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            data.append(i == 0 ? "" : ",").append(-Math.log(1 - (i + 0.5) / 200) / rate);
        }
        return data.append(']').toString();
    }

    @Test
    void inferRecoversAnExponentialRate() throws IOException {
        // S → a → absorbing, rate θ: Exp(θ); quantile data of Exp(5)
        Path g = exponentialGraph();
        Files.writeString(file("data.json"), exponentialQuantiles(5));
        JsonNode r = Cli.run("infer", g.toString(), "--data", file("data.json").toString(), "--prior", "gamma:2,1",
                "--particles", "30", "--iterations", "1000", "--seed", "3", "--json").succeeded().json();
        for (String key : new String[] {"mean", "sd", "correlation", "particles", "iterations"}) {
            assertThat(r.has(key)).as(key).isTrue();
        }
        assertThat(r.get("mean").get(0).asDouble()).isCloseTo(4.93516766, within(0.2 * 0.34723718));
        assertThat(r.get("sd").get(0).asDouble()).isCloseTo(0.34723718, within(0.15 * 0.34723718));
        assertThat(r.get("particles")).hasSize(30);
    }

    @Test
    void inferReadsWhatSampleWrites() throws IOException {
        Path g = exponentialGraph();
        Cli.Result sampled = Cli.run("sample", g.toString(), "-n", "300", "--seed", "5", "--theta", "5", "--json")
                .succeeded();
        Files.writeString(file("sampled.json"), sampled.out());
        double sum = 0;
        for (JsonNode x : sampled.json().get("samples")) {
            sum += x.asDouble();
        }
        // Exp(θ) data, Gamma(2, 1) prior: the posterior is Gamma(2 + 300, 1 + Σx)
        double mean = 302 / (1 + sum);
        double sd = Math.sqrt(302) / (1 + sum);
        JsonNode r = Cli.run("infer", g.toString(), "--data", file("sampled.json").toString(), "--prior",
                "gamma:2,1", "--particles", "30", "--iterations", "1000", "--seed", "3", "--json").succeeded().json();
        assertThat(r.get("mean").get(0).asDouble()).isCloseTo(mean, within(0.2 * sd));
        assertThat(r.get("sd").get(0).asDouble()).isCloseTo(sd, within(0.15 * sd));
        assertThat(r.get("correlation").get(0).get(0).asDouble()).isEqualTo(1.0);
    }

    @Test
    void inferWithATransformWritesPlotsInEitherFormat() throws IOException {
        // a uniform prior on (0, 20) with the logit transform of that interval: the posterior of Exp(θ) quantile
        // data is Gamma(1 + N, Σx) truncated to (0, 20), whose mass beyond 20 is negligible
        Path g = exponentialGraph();
        Files.writeString(file("data.json"), exponentialQuantiles(5));
        double sum = 39.9307269485;
        double mean = 201 / sum;
        double sd = Math.sqrt(201) / sum;
        String prefix = file("post").toString();
        JsonNode r = Cli.run("infer", g.toString(), "--data", file("data.json").toString(), "--prior", "uniform:0,20",
                "--transform", "logit:0,20", "--particles", "30", "--iterations", "1000", "--seed", "3",
                "--plots", prefix, "--plot-format", "svg", "--json").succeeded().json();
        assertThat(r.get("mean").get(0).asDouble()).isCloseTo(mean, within(0.2 * sd));
        assertThat(r.get("sd").get(0).asDouble()).isCloseTo(sd, within(0.15 * sd));
        for (String kind : new String[] {"trajectories", "posterior"}) {
            String svg = Files.readString(file("post-" + kind + "-theta1.svg"));
            assertThat(svg).contains("<svg").contains("<path"); // XChart draws text as outlines, too
        }
        // softplus with a Gamma prior: the conjugate posterior Gamma(2 + N, 1 + Σx); PNG plots by default
        JsonNode soft = Cli.run("infer", g.toString(), "--data", file("data.json").toString(), "--prior",
                "gamma:2,1", "--transform", "softplus", "--particles", "30", "--iterations", "1000", "--seed", "3",
                "--plots", file("soft").toString(), "--json").succeeded().json();
        assertThat(soft.get("mean").get(0).asDouble()).isCloseTo(4.93516766, within(0.2 * 0.34723718));
        assertThat(soft.get("sd").get(0).asDouble()).isCloseTo(0.34723718, within(0.15 * 0.34723718));
        byte[] head = Arrays.copyOf(Files.readAllBytes(file("soft-posterior-theta1.png")), 4);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
        Cli.assertBadInput(Cli.run("infer", g.toString(), "--data", file("data.json").toString(), "--plots",
                file("bad").toString(), "--plot-format", "gif"), "--plot-format");
        assertThat(Files.exists(file("bad-posterior-theta1.gif"))).isFalse();
        Cli.assertBadInput(Cli.run("infer", g.toString(), "--data", file("data.json").toString(), "--transform",
                "exp"), "unknown transform");
    }

    @Test
    void inferFromAccumulatedRewards() throws IOException {
        // S → a → absorbing, rate θ, reward 2 at a: Y = 2X ~ Exp(θ/2). Quantiles of Exp(5/2) give the same exact
        // posterior Gamma(2 + N, 1 + Σy/2) as the Exp(5) quantiles above
        Path g = exponentialGraph();
        Files.writeString(file("totals.json"), exponentialQuantiles(2.5));
        Files.writeString(file("rewards.json"), "[0, 2, 0]");
        JsonNode r = Cli.run("infer", g.toString(), "--data", file("totals.json").toString(), "--reward",
                file("rewards.json").toString(), "--prior", "gamma:2,1", "--particles", "30", "--iterations",
                "1000", "--seed", "3", "--json").succeeded().json();
        assertThat(r.get("mean").get(0).asDouble()).isCloseTo(4.93516766, within(0.2 * 0.34723718));
        assertThat(r.get("sd").get(0).asDouble()).isCloseTo(0.34723718, within(0.15 * 0.34723718));
        Files.writeString(file("two.json"), "[[0, 2, 0], [0, 1, 0]]");
        Cli.assertBadInput(Cli.run("infer", g.toString(), "--data", file("totals.json").toString(), "--reward",
                file("two.json").toString(), "--prior", "gamma:2,1"), "infer takes one");
        Files.writeString(file("zero.json"), "[0, 0, 0]");
        Cli.assertBadInput(Cli.run("infer", g.toString(), "--data", file("totals.json").toString(), "--reward",
                file("zero.json").toString(), "--prior", "gamma:2,1"), "positive reward");
    }

    @Test
    void demoRunsAndTheSecondRunHitsTheCache() throws IOException {
        String cache = file("democache").toString();
        String out = file("demo").toString();
        Cli.Result first = Cli.run("demo", "--samples", "12", "--cache-dir", cache, "--output-dir", out).succeeded();
        assertThat(first.out()).contains("0 cache hits").contains("tmrca.png").contains("sfs.png");
        Cli.Result second = Cli.run("demo", "--samples", "12", "--cache-dir", cache, "--output-dir", out)
                .succeeded();
        assertThat(second.out()).contains("(cache hit)");
        assertThat(Files.exists(file("demo").resolve("likelihood.png"))).isTrue();

        // step 4: the SVGD posterior of theta from the simulated times covers the true value
        Matcher posterior = Pattern.compile("theta: true (\\S+), posterior mean (\\S+), sd (\\S+), 95% HPD "
                + "\\[(\\S+), (\\S+)]").matcher(first.out());
        assertThat(posterior.find()).as("posterior line in:%n%s", first.out()).isTrue();
        double truth = Double.parseDouble(posterior.group(1));
        double mean = Double.parseDouble(posterior.group(2));
        double sd = Double.parseDouble(posterior.group(3));
        double lower = Double.parseDouble(posterior.group(4));
        double upper = Double.parseDouble(posterior.group(5));
        assertThat(truth).isEqualTo(1.5);
        assertThat(truth).as("true theta inside the 95%% HPD [%s, %s]", lower, upper).isBetween(lower, upper);
        assertThat(mean).isBetween(lower, upper);
        assertThat(sd).as("posterior sd").isPositive().isLessThan(upper - lower);
        // the posterior mean agrees with the likelihood's maximum on the grid of step 3 (200 observations)
        Matcher grid = Pattern.compile("maximum on the grid at theta = (\\S+) ").matcher(first.out());
        assertThat(grid.find()).isTrue();
        assertThat(mean).isCloseTo(Double.parseDouble(grid.group(1)), within(sd));
        // the same seed gives the same posterior
        assertThat(second.out()).contains(posterior.group());
        assertThat(first.out()).contains("posterior.png", "svgd-trajectories.png");
        assertThat(Files.size(file("demo").resolve("posterior.png"))).isPositive();
        assertThat(Files.size(file("demo").resolve("svgd-trajectories.png"))).isPositive();
    }

    @Test
    void helpAndVersion() {
        assertThat(Cli.run("--version").succeeded().out()).startsWith("jphasic ");
        String help = Cli.run("--help").succeeded().out();
        for (String command : new String[] {"model", "moments", "pdf", "sample", "trace", "cache", "plot", "infer",
            "jsfs", "demo"}) {
            assertThat(help).contains(command);
        }
        assertThat(Cli.run("trace", "record", "--help").succeeded().out()).contains("--strategy", "--min-scc-size",
                "--cache-dir", "--no-cache");
    }

    @Test
    void badInputIsExitTwoWithOneLineAndWritesNothing() throws IOException {
        Path g = file("g.json");
        Cli.run("model", "rabbits", "n=2", "parameterized=true", "-o", g.toString()).succeeded();
        Cli.assertBadInput(Cli.run("moments", file("missing.json").toString()), "missing.json");
        Cli.assertBadInput(Cli.run("moments", g.toString()), "--theta");
        Cli.assertBadInput(Cli.run("moments", g.toString(), "--theta", "1,x,3"), "--theta entry 2");
        Cli.assertBadInput(Cli.run("model", "rabit", "n=2"), "unknown model");
        Cli.assertBadInput(Cli.run("model", "rabbits"), "needs n=");
        // the strategy messages keep ARCHITECTURE.md's two-line form: the error, then the valid options
        Cli.Result strategy = Cli.run("trace", "record", g.toString(), "--strategy", "thredas", "--no-cache");
        assertThat(strategy.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(strategy.err()).isEqualTo("jphasic: Invalid parallelization strategy: 'thredas'\n"
                + "  Valid options: 'auto', 'sequential', 'threads', 'cluster'\n");
        Cli.assertBadInput(Cli.run("nonsense"), "nonsense");
        Files.writeString(file("bad.json"), "{\"states\": [[0]], \"edges\": 5}");
        Path out = file("never.trace");
        Cli.assertBadInput(Cli.run("trace", "record", file("bad.json").toString(), "-o", out.toString(),
                "--no-cache"), "bad.json");
        assertThat(Files.exists(out)).isFalse();
        Files.write(file("broken.trace"), new byte[] {1, 2, 3});
        Cli.assertBadInput(Cli.run("trace", "eval", file("broken.trace").toString(), "--theta", "1"), "trace");
        Cli.assertBadInput(Cli.run("plot", g.toString(), "--theta", "1,2,4", "--times", "0:1", "-o",
                file("x.png").toString()), "--times");
        assertThat(Files.exists(file("x.png"))).isFalse();
        assertThat(TraceFile.MAX_KEY_BYTES).isPositive();
    }
}
