package org.jphasic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.io.GraphJson;
import org.jphasic.model.Rabbits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jphasic pdf}, {@code sample}, {@code model im} and {@code jsfs}, run in-process through
 * {@link Main#run}: the JSON keys and values (acceptance-values.md numbers), and exit code 2 with a one-line
 * message for bad input.
 */
class DistributionCommandsTest {
    @TempDir
    Path dir;

    private Path rabbits;
    private Path rabbitsParameterized;
    private Path geometric;

    @BeforeEach
    void writeGraphs() {
        rabbits = dir.resolve("rabbits.json");
        GraphJson.write(Rabbits.graph(2, 2, 4), rabbits);
        rabbitsParameterized = dir.resolve("rabbits-theta.json");
        GraphJson.write(Rabbits.parameterized(2), rabbitsParameterized);
        GraphBuilder b = new GraphBuilder(1).discrete();
        int a = b.addVertex(new int[] {1});
        int absorbing = b.addVertex(new int[] {0});
        b.addEdge(Graph.START, a, 1).addEdge(a, absorbing, 0.3);
        geometric = dir.resolve("geometric.json");
        GraphJson.write(b.build(), geometric);
    }


    @Test
    void pdfPrintsExactDensityAndDistribution() {
        Cli.Result r = Cli.run("pdf", rabbits.toString(), "--times", "0.25,0.5,1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("times").get(2).asDouble()).isEqualTo(1.0);
        assertThat(json.get("pdf").get(0).asDouble()).isCloseTo(1.16739036, within(5e-9));
        assertThat(json.get("pdf").get(1).asDouble()).isCloseTo(0.76308952, within(5e-9));
        assertThat(json.get("cdf").get(2).asDouble()).isCloseTo(0.86392812, within(5e-9));
        assertThat(json.get("method").asText()).contains("uniformization");
    }

    @Test
    void pdfWithGranularityUsesTheEulerApproximation() {
        Cli.Result r = Cli.run("pdf", rabbits.toString(), "--times", "0.5", "--granularity", "10000", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("pdf").get(0).asDouble()).isCloseTo(0.76318, within(5e-6));
        assertThat(json.get("cdf").get(0).asDouble()).isCloseTo(0.61471, within(5e-6));
        assertThat(json.get("method").asText()).contains("approximation");
        assertThat(json.get("errorBound").asDouble()).isPositive();
    }

    @Test
    void pdfOfParameterizedGraphNeedsTheta() {
        Cli.assertBadInput(Cli.run("pdf", rabbitsParameterized.toString(), "--times", "1"), "--theta");
        Cli.Result r = Cli.run("pdf", rabbitsParameterized.toString(), "--times", "1", "--theta", "1,2,4", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("cdf").get(0).asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void pdfOfDiscreteGraphPrintsPmfAtJumpCounts() {
        Cli.Result r = Cli.run("pdf", geometric.toString(), "--times", "0,1,2,3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.has("pmf")).isTrue();
        assertThat(json.has("pdf")).isFalse();
        assertThat(json.get("times").get(3).asInt()).isEqualTo(3);
        assertThat(json.get("pmf").get(1).asDouble()).isCloseTo(0.3, within(1e-15));
        assertThat(json.get("pmf").get(3).asDouble()).isCloseTo(0.147, within(1e-15));
        assertThat(json.get("cdf").get(2).asDouble()).isCloseTo(0.51, within(1e-15));
        Cli.assertBadInput(Cli.run("pdf", geometric.toString(), "--times", "1.5"), "integer jump counts");
    }

    @Test
    void pdfRejectsBadInput() {
        Cli.assertBadInput(Cli.run("pdf", rabbits.toString(), "--times", "1", "--epsilon", "1e-9", "--granularity", "100"),
                "exclude each other");
        Cli.assertBadInput(Cli.run("pdf", rabbits.toString(), "--times", "-1"), "non-negative");
        Cli.assertBadInput(Cli.run("pdf", rabbits.toString(), "--times", "1,x"), "not a number");
        Cli.assertBadInput(Cli.run("pdf", rabbits.toString(), "--times", "1", "--epsilon", "2"), "epsilon");
        Cli.assertBadInput(Cli.run("pdf", rabbits.toString(), "--times", "1", "--granularity", "2"), "granularity");
        Cli.assertBadInput(Cli.run("pdf", dir.resolve("missing.json").toString(), "--times", "1"), "missing.json");
    }

    @Test
    void sampleIsReproducibleAndHasTheRightMean() {
        Cli.Result r = Cli.run("sample", rabbits.toString(), "-n", "20000", "--seed", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode samples = r.json().get("samples");
        assertThat(samples.size()).isEqualTo(20000);
        double mean = 0;
        for (JsonNode x : samples) {
            mean += x.asDouble();
        }
        mean /= samples.size();
        // E = 0.5038265, sd 0.4759: 4 standard errors of the mean is 0.0135
        assertThat(mean).isCloseTo(0.5038265306, within(0.0135));
        Cli.Result threaded = Cli.run("sample", rabbits.toString(), "-n", "20000", "--seed", "5", "--threads", "3",
                "--json");
        assertThat(threaded.json().get("samples")).isEqualTo(samples);
        assertThat(r.json().get("seed").asLong()).isEqualTo(5);
        Cli.assertBadInput(Cli.run("sample", rabbits.toString(), "-n", "-3"), "-n");
    }

    @Test
    void sampleWithRewardsGivesOneColumnPerRewardVector() throws IOException {
        Path rewards = dir.resolve("rewards.json");
        Files.writeString(rewards, "[[0,2,1,0,0,0,1],[0,0,1,0,2,1,0]]");
        Cli.Result r = Cli.run("sample", rabbits.toString(), "-n", "10", "--seed", "1", "--reward", rewards.toString(),
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("samples").size()).isEqualTo(10);
        assertThat(r.json().get("samples").get(0).size()).isEqualTo(2);
    }

    @Test
    void modelImWritesEitherPhase() {
        Cli.Result first = Cli.run("model", "im", "n1=2", "n2=2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("n_vertices").asInt()).isEqualTo(47);
        Cli.Result ancestral = Cli.run("model", "im", "n1=2", "n2=2", "phase=ancestral");
        assertThat(ancestral.json().get("n_vertices").asInt()).isEqualTo(10);
        Cli.Result parameterized = Cli.run("model", "im", "n1=2", "n2=2", "parameterized=true");
        assertThat(parameterized.json().get("param_length").asInt()).isEqualTo(4);
        Cli.assertBadInput(Cli.run("model", "im", "n1=2", "n2=2", "phase=middle"), "phase=middle");
        Cli.assertBadInput(Cli.run("model", "im", "n1=2"), "n2");
        Cli.assertBadInput(Cli.run("model", "im", "n1=2", "n2=2", "M1=0", "M2=0"), "migration");
    }

    @Test
    void jsfsPrintsTheSpectrumAndItsTotal() {
        Cli.Result r = Cli.run("jsfs", "n1=2", "n2=2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = r.json();
        JsonNode jsfs = json.get("jsfs");
        assertThat(jsfs.size()).isEqualTo(3);
        double total = 0;
        for (JsonNode row : jsfs) {
            assertThat(row.size()).isEqualTo(3);
            for (JsonNode x : row) {
                total += x.asDouble();
            }
        }
        assertThat(jsfs.get(0).get(0).asDouble()).isZero();
        assertThat(jsfs.get(2).get(2).asDouble()).isZero();
        assertThat(json.get("totalBranchLength").asDouble()).isCloseTo(total, within(1e-12));
        assertThat(json.get("twoPopulationVertices").asInt()).isEqualTo(47);
        assertThat(json.get("ancestralVertices").asInt()).isEqualTo(10);
        assertThat(json.get("parameters").get("T").asDouble()).isEqualTo(3.0);
        Cli.assertBadInput(Cli.run("jsfs", "n1=2", "n2=2", "phase=ancestral"), "phase=ancestral");
        Cli.assertBadInput(Cli.run("jsfs", "n1=2", "n2=2", "X=1"), "'X'");
        Cli.Result text = Cli.run("jsfs", "n1=1", "n2=1");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("total branch length");
    }
}
