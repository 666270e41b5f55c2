package org.jphasic.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON export is complete: a small interpreter written here from the documented layout alone evaluates the
 * exported operations at θ, replays the exported commands, and gets the expectation of the graph at θ (1e-9),
 * on seeded random parameterized graphs, cyclic and defective ones included.
 */
class TraceJsonTest {
    static LongStream seeds() {
        return LongStream.range(1, 31);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void exportedTraceEvaluatesToTheGraphsExpectation(long seed) throws IOException {
        Spec spec = RandomGraphs.random(seed + 900, new Options(2, 25, 1 + (int) (seed % 3), false, seed % 2 == 0,
                0.7));
        Graph g = spec.build();
        Trace trace = TraceRecorder.record(g);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceJson.write(trace, "v1-test", bytes);
        JsonNode doc = new ObjectMapper().readTree(bytes.toByteArray());
        assertThat(doc.get("format").asText()).isEqualTo("jphasic.trace.json");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("key").asText()).isEqualTo("v1-test");
        assertThat(doc.get("vertexCount").asInt()).isEqualTo(g.vertexCount());
        assertThat(doc.get("operations")).hasSize(trace.size());
        assertThat(doc.get("commands")).hasSize(trace.commandCount());
        assertThat(doc.get("edges")).hasSize(g.edgeCount());
        double[] theta = spec.randomTheta(new SplittableRandom(seed));
        assertRelativelyClose(interpret(doc, theta), Moments.of(g.at(theta)).expectation(), 1e-9,
                spec + " expectation from the exported trace");
    }

    /** Evaluates the operations in slot order, then replays the commands on x = 1. */
    private static double interpret(JsonNode doc, double[] theta) {
        JsonNode ops = doc.get("operations");
        double[] v = new double[ops.size()];
        for (JsonNode op : ops) {
            int s = op.get("slot").asInt();
            v[s] = switch (op.get("op").asText()) {
                case "CONST" -> op.get("value").asDouble();
                case "DOT" -> {
                    double sum = 0;
                    for (JsonNode term : op.get("terms")) {
                        sum += term.get(1).asDouble() * theta[term.get(0).asInt()];
                    }
                    yield sum;
                }
                case "ADD" -> v[op.get("a").asInt()] + v[op.get("b").asInt()];
                case "MUL" -> v[op.get("a").asInt()] * v[op.get("b").asInt()];
                case "INV" -> 1 / v[op.get("a").asInt()];
                case "SUM" -> {
                    double sum = 0;
                    for (JsonNode operand : op.get("operands")) {
                        sum += v[operand.asInt()];
                    }
                    yield sum;
                }
                default -> throw new AssertionError("unknown operation " + op);
            };
        }
        double[] x = new double[doc.get("vertexCount").asInt()];
        java.util.Arrays.fill(x, 1.0);
        for (JsonNode c : doc.get("commands")) {
            int t = c.get("target").asInt();
            double m = v[c.get("slot").asInt()];
            if (c.has("source")) {
                x[t] += m * x[c.get("source").asInt()];
            } else {
                x[t] *= m;
            }
        }
        return x[0];
    }
}
