package org.jphasic.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jphasic.testing.Tolerance.assertRelativelyClose;

import java.util.ArrayList;
import java.util.List;
import org.jphasic.InvalidGraphException;
import org.jphasic.PhasicException;
import org.jphasic.ProgressListener;
import org.jphasic.model.Rabbits;
import org.jphasic.moments.Moments;
import org.jphasic.testing.States;
import org.junit.jupiter.api.Test;

/**
 * State-space exploration from a callback (algorithms.md §1.7): a million states, the all-zero state that is
 * not the start (§1.2), callback failures, duplicate transitions. The large model is designed so that its
 * absorption time has a closed form.
 */
class StateSpaceTest {

    /**
     * A walk on the 1000 × 1000 grid from (0, 0) to (999, 999): from (i, j) one transition at rate 1 to
     * (i+1, j) and one at rate 1 to (i, j+1); on the border, where one of them would leave the grid, both go to
     * the same neighbour (two transitions to one state, merged into rate 2). Every state has total rate 2 and
     * every jump raises i + j by one, so the absorption time is Erlang(1998, 2): E = 999, Var = 499.5. Every
     * grid point is reachable: 10⁶ states plus the start. (0, 0) is all zeros, so it is also a start collision.
     */
    @Test
    void millionStateGridWalkIsAnErlangDistribution() {
        int size = 1000;
        Graph g = StateSpace.of(2).initial(new int[] {0, 0}, 1.0).explore((s, out) -> {
            int i = s[0];
            int j = s[1];
            if (i == size - 1 && j == size - 1) {
                return;
            }
            int[] right = i < size - 1 ? new int[] {i + 1, j} : new int[] {i, j + 1};
            int[] up = j < size - 1 ? new int[] {i, j + 1} : new int[] {i + 1, j};
            out.add(right, 1.0);
            out.add(up, 1.0);
        });
        assertThat(g.vertexCount()).isEqualTo(size * size + 1);
        assertThat(g.state(1)).containsExactly(0, 0);
        int corner = States.vertex(g, size - 1, size - 1);
        assertThat(g.isAbsorbing(corner)).isTrue();
        int border = States.vertex(g, size - 1, 5);
        assertThat(g.outDegree(border)).isEqualTo(1);
        assertThat(g.totalRate(border)).isEqualTo(2.0);
        Moments m = Moments.of(g);
        assertRelativelyClose(m.expectation(), 999, 1e-9, "E");
        assertRelativelyClose(m.variance(), 499.5, 1e-9, "Var");
    }

    @Test
    void allZeroUserStateIsADifferentVertexFromTheStart() {
        Graph g = StateSpace.of(1).initial(new int[] {2}, 1.0).explore((s, out) -> {
            if (s[0] > 0) {
                out.add(new int[] {s[0] - 1}, 2.0);
            }
        });
        assertThat(g.vertexCount()).isEqualTo(4);
        int zero = States.vertex(g, 0);
        assertThat(zero).isNotEqualTo(Graph.START);
        assertThat(g.isAbsorbing(zero)).isTrue();
        assertThat(g.isAbsorbing(Graph.START)).isFalse();
        assertRelativelyClose(Moments.of(g).expectation(), 1.0, 1e-12, "E of two Exp(2) stages");
    }

    @Test
    void allZeroInitialStateIsADifferentVertexFromTheStart() {
        Graph g = StateSpace.of(1).initial(new int[] {0}, 1.0).explore((s, out) -> {
            if (s[0] == 0) {
                out.add(new int[] {1}, 4.0);
            }
        });
        assertThat(g.vertexCount()).isEqualTo(3);
        assertThat(g.edgeTarget(g.edgeStart(Graph.START))).isEqualTo(1);
        assertRelativelyClose(Moments.of(g).expectation(), 0.25, 1e-12, "E");
    }

    @Test
    void callbackExceptionIsWrappedNamingTheState() {
        StateSpace space = StateSpace.of(2).initial(new int[] {3, 0}, 1.0);
        RuntimeException cause = new IllegalStateException("model bug");
        assertThatThrownBy(() -> space.explore((s, out) -> {
            if (s[0] == 1) {
                throw cause;
            }
            if (s[0] > 0) {
                out.add(new int[] {s[0] - 1, s[1] + 1}, 1.0);
            }
        }))
                .isInstanceOf(PhasicException.class)
                .hasMessageContaining("[1, 2]")
                .hasMessageContaining("model bug")
                .hasCause(cause);
    }

    @Test
    void invalidTransitionFromTheCallbackIsAnInvalidGraphException() {
        StateSpace space = StateSpace.of(1).initial(new int[] {1}, 1.0);
        assertThatThrownBy(() -> space.explore((s, out) -> {
            if (s[0] > 0) {
                out.add(new int[] {0}, -1.0);
            }
        }))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("-1.0");
    }

    @Test
    void transitionBackToTheSameStateIsRejectedNamingTheState() {
        StateSpace space = StateSpace.of(2).initial(new int[] {4, 1}, 1.0);
        assertThatThrownBy(() -> space.explore((s, out) -> out.add(s.clone(), 1.0)))
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("self-loop")
                .hasMessageContaining("[4, 1]");
    }

    @Test
    void duplicateTransitionsToOneStateAreSummed() {
        Graph g = StateSpace.of(1).initial(new int[] {1}, 1.0).explore((s, out) -> {
            if (s[0] == 1) {
                out.add(new int[] {2}, 1.0);
                out.add(new int[] {3}, 0.5);
                out.add(new int[] {2}, 2.5);
            }
        });
        int from = States.vertex(g, 1);
        assertThat(g.outDegree(from)).isEqualTo(2);
        int to = States.vertex(g, 2);
        double weight = 0;
        for (int e = g.edgeStart(from); e < g.edgeEnd(from); e++) {
            if (g.edgeTarget(e) == to) {
                weight = g.edgeWeight(e);
            }
        }
        assertThat(weight).isEqualTo(3.5);
        assertRelativelyClose(Moments.of(g).expectation(), 1 / 4.0, 1e-12, "E");
    }

    @Test
    void duplicateParameterizedTransitionsAreSummed() {
        Graph g = StateSpace.of(1).parameters(2).initial(new int[] {1}, 1.0).explore((s, out) -> {
            if (s[0] == 1) {
                out.addParameterized(new int[] {0}, 1, 0);
                out.addParameterized(new int[] {0}, 0, 3);
            }
        });
        assertThat(g.outDegree(1)).isEqualTo(1);
        assertThat(g.coefficients(g.edgeStart(1))).containsExactly(1.0, 3.0);
        assertRelativelyClose(Moments.of(g.at(new double[] {2, 1})).expectation(), 1 / 5.0, 1e-12, "E");
    }

    @Test
    void initialDistributionOverSeveralStatesKeepsItsProbabilities() {
        Graph g = StateSpace.of(1).initial(new int[] {2}, 0.25).initial(new int[] {1}, 0.5).explore((s, out) -> {
            if (s[0] > 0) {
                out.add(new int[] {s[0] - 1}, 1.0);
            }
        });
        assertRelativelyClose(g.defect(), 0.25, 1e-12, "defect");
        assertRelativelyClose(Moments.of(g).expectation(), 0.25 * 2 + 0.5 * 1, 1e-12, "E");
    }

    /** A built-in model's exploration reports to the scoped listener; scopes nest and are restored. */
    @Test
    void reportingToScopesTheProgressOfModelsBuiltInside() {
        List<long[]> outer = new ArrayList<>();
        List<long[]> inner = new ArrayList<>();
        List<long[]> own = new ArrayList<>();
        ProgressListener outerListener = (task, done, total) -> {
            assertThat(task).isEqualTo("exploring states");
            outer.add(new long[] {done, total});
        };
        Graph big = StateSpace.reportingTo(outerListener, () -> {
            Graph nested = StateSpace.reportingTo((task, done, total) -> inner.add(new long[] {done, total}),
                    () -> Rabbits.graph(3, 2, 4));
            assertThat(inner).isNotEmpty();
            assertThat(inner.get(inner.size() - 1)).containsExactly(nested.vertexCount(), nested.vertexCount());
            // an explicit listener wins over the scope
            StateSpace.of(1).initial(new int[] {2}, 1.0).progress((task, done, total) -> own.add(new long[] {done}))
                    .explore((state, out) -> {
                        if (state[0] > 1) {
                            out.add(new int[] {state[0] - 1}, 1.0);
                        }
                    });
            return Rabbits.graph(300, 2, 4); // 45,452 vertices: reports before the end too
        });
        assertThat(own).hasSize(1);
        assertThat(outer.size()).isGreaterThan(1);
        assertThat(outer.get(0)[1]).isEqualTo(-1); // total unknown while exploring
        assertThat(outer.get(outer.size() - 1)).containsExactly(big.vertexCount(), big.vertexCount());
        int reports = outer.size();
        // outside every scope, and after a scope left by an exception, nothing reports
        assertThatThrownBy(() -> StateSpace.reportingTo(outerListener, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        Rabbits.graph(3, 2, 4);
        assertThat(outer).hasSize(reports);
    }
}
