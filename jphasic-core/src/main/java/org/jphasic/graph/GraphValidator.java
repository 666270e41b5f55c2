package org.jphasic.graph;

import java.util.Arrays;
import org.jphasic.InvalidGraphException;
import org.jphasic.ParameterException;
import org.jphasic.PhasicException;
import org.jphasic.scc.Components;

/**
 * The checks every graph passes: when it is built (structure, constant weights) and when a parameter vector is
 * applied (every weight). One routine serves both, so a graph and its instances obey the same rules.
 */
final class GraphValidator {
    /** Slack for sums of probabilities computed in floating point. */
    static final double PROBABILITY_SLACK = 1e-10;

    private GraphValidator() {
    }

    /** Validates a newly built graph; problems are {@link InvalidGraphException}s. */
    static void validateBuilt(Graph g) {
        check(g, null);
    }

    /** Validates the constant graph obtained at θ; problems are {@link ParameterException}s. */
    static void validateAt(Graph g, double[] theta) {
        check(g, theta);
    }

    private static void check(Graph g, double[] theta) {
        int n = g.vertexCount();
        double initial = 0;
        for (int e = g.edgeStart(Graph.START); e < g.edgeEnd(Graph.START); e++) {
            initial += g.edgeWeight(e);
        }
        if (initial > 1 + PROBABILITY_SLACK) {
            throw fail(theta, "the initial probabilities (edges out of the starting vertex) sum to " + initial
                    + ", more than 1. They are probabilities, not rates: scale them to sum to at most 1 (a sum "
                    + "below 1 leaves the rest as a defect)");
        }
        boolean[] possiblyPositive = new boolean[g.edgeCount()];
        for (int v = 1; v < n; v++) {
            int start = g.edgeStart(v);
            int end = g.edgeEnd(v);
            if (start == end) {
                continue;
            }
            boolean anyPositive = false;
            boolean allConstant = true;
            double rate = 0;
            for (int e = start; e < end; e++) {
                boolean positive;
                if (g.isEdgeParameterized(e)) {
                    allConstant = false;
                    positive = false;
                    for (int k = 0; k < g.parameterCount(); k++) {
                        if (g.coefficient(e, k) != 0) {
                            positive = true;
                            break;
                        }
                    }
                } else {
                    double w = g.edgeWeight(e);
                    if (theta != null && !(w >= 0 && Double.isFinite(w))) {
                        throw fail(theta, "the weight of edge " + g.describeEdge(e) + " is " + w + " at theta = "
                                + Arrays.toString(theta) + "; every weight must be finite and non-negative. "
                                + "Choose parameters that keep every rate non-negative");
                    }
                    rate += w;
                    positive = w > 0;
                }
                possiblyPositive[e] = positive;
                anyPositive |= positive;
            }
            if (!anyPositive) {
                throw fail(theta, g.describeVertex(v) + " has out-edges but its total rate is zero"
                        + (theta != null ? " at theta = " + Arrays.toString(theta) : "")
                        + ". A vertex must either have no out-edges (absorbing) or a positive total rate");
            }
            if (g.isDiscrete() && allConstant && rate > 1 + PROBABILITY_SLACK) {
                throw fail(theta, g.describeVertex(v) + " has out-probabilities summing to " + rate
                        + ", more than 1" + (theta != null ? " at theta = " + Arrays.toString(theta) : "")
                        + ". In a discrete graph the weights are jump probabilities; the missing mass is the "
                        + "self-transition");
            }
        }
        for (int e = g.edgeStart(Graph.START); e < g.edgeEnd(Graph.START); e++) {
            possiblyPositive[e] = g.edgeWeight(e) > 0;
        }
        checkClosedClasses(g, theta, possiblyPositive);
    }

    private static void checkClosedClasses(Graph g, double[] theta, boolean[] possiblyPositive) {
        int n = g.vertexCount();
        int[] offsets = new int[n + 1];
        int[] targets = new int[g.edgeCount()];
        for (int v = 0; v < n; v++) {
            offsets[v + 1] = g.edgeEnd(v);
        }
        for (int e = 0; e < targets.length; e++) {
            targets[e] = g.edgeTarget(e);
        }
        Components c = Components.of(n, offsets, targets, e -> possiblyPositive[e]);
        for (int k = 0; k < c.count(); k++) {
            if (c.size(k) < 2) {
                continue;
            }
            boolean exits = false;
            for (int i = c.start(k); i < c.end(k) && !exits; i++) {
                int v = c.member(i);
                for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                    if (possiblyPositive[e] && c.componentOf(g.edgeTarget(e)) != k) {
                        exits = true;
                        break;
                    }
                }
            }
            if (!exits) {
                StringBuilder members = new StringBuilder();
                int shown = Math.min(5, c.size(k));
                for (int i = 0; i < shown; i++) {
                    members.append(i == 0 ? "" : ", ").append(g.describeVertex(c.member(c.start(k) + i)));
                }
                if (c.size(k) > shown) {
                    members.append(", ... (").append(c.size(k)).append(" vertices in all)");
                }
                throw fail(theta, "closed class with no path to absorption: " + members
                        + (theta != null ? " at theta = " + Arrays.toString(theta) : "")
                        + ". Once entered the process never leaves, so the absorption time is infinite. "
                        + "Add an edge from the class to an absorbing vertex");
            }
        }
    }

    private static PhasicException fail(double[] theta, String message) {
        return theta == null ? new InvalidGraphException(message) : new ParameterException(message);
    }
}
