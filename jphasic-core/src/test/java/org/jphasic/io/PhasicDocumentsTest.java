package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Test;

/**
 * Documents in the layout of phasic 0.22's {@code serialize()} after {@code json.dumps} (float index columns,
 * every flag present), written by hand from the format description, load with the right moments
 * (acceptance-values.md §4 and models.md).
 */
class PhasicDocumentsTest {
    private static final double RABBITS_EXPECTATION = 0.5038265306122448;
    private static final double RABBITS_VARIANCE = 0.2264567497917534;

    @Test
    void constantRabbitsLoadWithThePapersMoments() {
        Graph g = load("phasic-rabbits-2.json");
        assertThat(g.vertexCount()).isEqualTo(7);
        assertThat(g.state(3)).as("the absorbing [0, 0] is its own vertex").containsExactly(0, 0);
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), RABBITS_EXPECTATION, 1e-14, "E[T]");
        assertRelativelyClose(m.variance(), RABBITS_VARIANCE, 1e-13, "Var[T]");
        assertRelativelyClose(m.moments(3), Moments.of(Rabbits.graph(2, 2, 4)).moments(3), 1e-14, "vs model");
    }

    @Test
    void unifiedEdgeRabbitsLoadAsOneParameterGraph() {
        // phasic's unified edges: a "constant" graph has param_length 1 and every weight as a coefficient
        Graph g = load("phasic-rabbits-2-unified.json");
        assertThat(g.parameterCount()).isEqualTo(1);
        assertRelativelyClose(Moments.of(g.at(new double[] {1})).expectation(), RABBITS_EXPECTATION, 1e-14, "E[T]");
        assertRelativelyClose(Moments.of(g.at(new double[] {2})).expectation(), RABBITS_EXPECTATION / 2, 1e-14,
                "E[T] at twice the rates");
    }

    @Test
    void parameterizedRabbitsGiveTheReferenceExpectations() {
        Graph g = load("phasic-rabbits-2-parameterized.json");
        assertThat(g.parameterCount()).isEqualTo(3);
        double[][] thetas = {{1, 2, 4}, {2, 2, 4}, {2, 4, 4}, {2, 4, 18}, {8, 4, 18}};
        double[] expected = {0.508305647840532, 0.495652173913043, 0.3, 0.227096322687365, 0.177194393695634};
        for (int i = 0; i < thetas.length; i++) {
            assertRelativelyClose(Moments.of(g.at(thetas[i])).expectation(), expected[i], 1e-12,
                    "E[T] at theta " + java.util.Arrays.toString(thetas[i]));
        }
        assertRelativelyClose(Moments.of(g.at(thetas[0])).moments(3),
                Moments.of(Rabbits.parameterized(2).at(thetas[0])).moments(3), 1e-13, "vs model");
    }

    @Test
    void parameterizedCoalescentScalesAsOneOverTheta() {
        Graph g = load("phasic-coalescent-4.json");
        // E[T_MRCA] = 2 (1 - 1/n) / θ for n = 4
        assertRelativelyClose(Moments.of(g.at(new double[] {1})).expectation(), 1.5, 1e-15, "E[T] at θ = 1");
        assertRelativelyClose(Moments.of(g.at(new double[] {2})).expectation(), 0.75, 1e-15, "E[T] at θ = 2");
    }

    @Test
    void ourDocumentsOfTheSameGraphsLoadToTheSameGraphs() {
        for (String name : new String[] {"phasic-rabbits-2.json", "phasic-rabbits-2-parameterized.json",
            "phasic-coalescent-4.json"}) {
            Graph g = load(name);
            GraphAssertions.assertSameGraph(GraphJson.parse(GraphJson.toJson(g)), g, name);
        }
    }

    private static Graph load(String name) {
        try (InputStream in = PhasicDocumentsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            return GraphJson.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
