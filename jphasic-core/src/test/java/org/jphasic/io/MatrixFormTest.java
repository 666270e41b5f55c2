package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.stream.LongStream;
import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.jphasic.testing.RandomGraphs.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix form both ways; the rabbit matrix of the paper's §2.1 (acceptance-values.md §4). */
class MatrixFormTest {
    @Test
    void rabbitsMatrixIsThePapersExample() {
        Graph g = Rabbits.graph(2, 2, 4);
        MatrixForm m = MatrixForm.of(g);
        // the reference's order of states: [0,2],[1,1],[2,0],[1,0],[0,1]
        int[][] states = {{0, 2}, {1, 1}, {2, 0}, {1, 0}, {0, 1}};
        double[][] expected = {{-5, 1, 0, 0, 0}, {1, -8, 1, 4, 2}, {0, 1, -3, 0, 0}, {0, 0, 0, -3, 1},
            {0, 0, 0, 1, -5}};
        double[] expectedAlpha = {0, 0, 1, 0, 0};
        int[] row = new int[5];
        int[] vertices = m.vertices();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (java.util.Arrays.equals(g.state(vertices[j]), states[i])) {
                    row[i] = j;
                }
            }
        }
        double[][] s = m.matrix();
        double[] alpha = m.initialProbabilities();
        for (int i = 0; i < 5; i++) {
            assertThat(alpha[row[i]]).isEqualTo(expectedAlpha[i]);
            for (int j = 0; j < 5; j++) {
                assertThat(s[row[i]][row[j]]).as("S[%d][%d]", i, j).isEqualTo(expected[i][j]);
            }
        }
        assertThat(m.exitVector()).containsExactlyInAnyOrder(0, 2, 2, 4, 4);
    }

    @Test
    void phasesAreInTopologicalOrder() {
        MatrixForm m = MatrixForm.of(Rabbits.graph(4, 2, 4));
        double[][] s = m.matrix();
        Graph g = Rabbits.graph(4, 2, 4);
        int[] vertices = m.vertices();
        // an edge from a later component back to an earlier one would be below-diagonal across components
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < i; j++) {
                if (s[i][j] != 0) {
                    assertThat(g.components().componentOf(vertices[i]))
                            .isEqualTo(g.components().componentOf(vertices[j]));
                }
            }
        }
    }

    static LongStream seeds() {
        return LongStream.range(1, 61);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void roundTripThroughMatricesKeepsTheMoments(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.continuous(30));
        Graph g = spec.build();
        MatrixForm m = MatrixForm.of(g);
        Graph back = MatrixForm.toGraph(m.initialProbabilities(), m.matrix());
        assertRelativelyClose(Moments.of(back).moments(3), Moments.of(g).moments(3), 1e-9, spec.toString());
        assertRelativelyClose(back.defect(), g.defect(), 1e-12, "defect");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void discreteRoundTripKeepsTheMoments(long seed) {
        Spec spec = RandomGraphs.random(seed, Options.discrete(30));
        Graph g = spec.build();
        MatrixForm m = MatrixForm.of(g);
        assertThat(m.isDiscrete()).isTrue();
        Graph back = MatrixForm.toDiscreteGraph(m.initialProbabilities(), m.matrix());
        assertRelativelyClose(Moments.of(back).moments(3), Moments.of(g).moments(3), 1e-9, spec.toString());
    }

    @Test
    void fromMatricesExampleOfTheReference() {
        // acceptance-values.md §3: ipv [0.6, 0.4], sim [[-2,1],[0,-3]]
        Graph g = MatrixForm.toGraph(new double[] {0.6, 0.4}, new double[][] {{-2, 1}, {0, -3}});
        double[] m = Moments.of(g).moments(2);
        assertRelativelyClose(m[0], 0.533333333333, 1e-9, "E");
        assertRelativelyClose(m[1], 0.555555555556, 1e-9, "E[T^2]");
    }

    @Test
    void invalidMatricesAreRejected() {
        assertThatThrownBy(() -> MatrixForm.toGraph(new double[] {1}, new double[][] {{1}}))
                .isInstanceOf(InvalidGraphException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> MatrixForm.toGraph(new double[] {1, 0}, new double[][] {{-1, -1}, {0, -1}}))
                .isInstanceOf(InvalidGraphException.class).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> MatrixForm.toGraph(new double[] {0.7, 0.6}, new double[][] {{-1, 0}, {0, -1}}))
                .isInstanceOf(InvalidGraphException.class).hasMessageContaining("sum");
        assertThatThrownBy(() -> MatrixForm.toDiscreteGraph(new double[] {1}, new double[][] {{1.5}}))
                .isInstanceOf(InvalidGraphException.class).hasMessageContaining("row 0");
    }
}
