package org.jphasic.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;

/**
 * Seeded random phase-type graphs for property tests: several strongly connected components (cyclic inside,
 * a DAG between them), one to three absorbing vertices, sometimes a defect, optionally parameterized or
 * discrete. A {@link Spec} is abstract (vertex ids 1..N, state = [id]) so the same graph can be built with
 * different vertex insertion orders.
 */
public final class RandomGraphs {
    private RandomGraphs() {
    }

    /** What kind of graph to draw. */
    public record Options(int minVertices, int maxVertices, int parameterCount, boolean discrete,
                          boolean defects, double cyclicProbability) {
        public static Options continuous(int maxVertices) {
            return new Options(2, maxVertices, 0, false, true, 0.8);
        }

        public static Options parameterized(int maxVertices, int parameterCount) {
            return new Options(2, maxVertices, parameterCount, false, true, 0.8);
        }

        public static Options discrete(int maxVertices) {
            return new Options(2, maxVertices, 0, true, true, 0.8);
        }
    }

    /** An edge between abstract ids; {@code coefficients} is null for a constant edge. */
    public record Edge(int from, int to, double weight, double[] coefficients) {
    }

    /** An abstract graph: ids 0 (start), 1..transientCount (transient), then the absorbing ids. */
    public static final class Spec {
        public final long seed;
        public final int transientCount;
        public final int absorbingCount;
        public final int parameterCount;
        public final boolean discrete;
        public final int componentCount;
        public final List<Edge> edges;

        Spec(long seed, int transientCount, int absorbingCount, int parameterCount, boolean discrete,
             int componentCount, List<Edge> edges) {
            this.seed = seed;
            this.transientCount = transientCount;
            this.absorbingCount = absorbingCount;
            this.parameterCount = parameterCount;
            this.discrete = discrete;
            this.componentCount = componentCount;
            this.edges = edges;
        }

        public int idCount() {
            return 1 + transientCount + absorbingCount;
        }

        /** Builds with ids inserted in increasing order. */
        public Graph build() {
            int[] order = new int[idCount() - 1];
            for (int i = 0; i < order.length; i++) {
                order[i] = i + 1;
            }
            return build(order);
        }

        /**
         * Builds with vertices created in the given order of ids; vertex {@code v} of the result has state
         * {@code [id]}.
         */
        public Graph build(int[] idOrder) {
            GraphBuilder b = new GraphBuilder(1, parameterCount);
            if (discrete) {
                b.discrete();
            }
            int[] vertexOf = new int[idCount()];
            for (int id : idOrder) {
                vertexOf[id] = b.addVertex(new int[] {id});
            }
            for (Edge e : edges) {
                int from = e.from() == 0 ? 0 : vertexOf[e.from()];
                int to = vertexOf[e.to()];
                if (e.coefficients() == null) {
                    b.addEdge(from, to, e.weight());
                } else {
                    b.addParameterizedEdge(from, to, e.coefficients());
                }
            }
            return b.build();
        }

        /**
         * Builds a one-parameter graph whose every edge out of a transient vertex is the spec's weight times θ
         * (edges out of the start keep their constant weight); for discrete specs, θ ∈ (0, 1] scales the
         * probabilities and the rest is the defect of each row.
         */
        public Graph buildScaledByOneParameter() {
            GraphBuilder b = new GraphBuilder(1, 1);
            if (discrete) {
                b.discrete();
            }
            int[] vertexOf = new int[idCount()];
            for (int id = 1; id < idCount(); id++) {
                vertexOf[id] = b.addVertex(new int[] {id});
            }
            for (Edge e : edges) {
                if (e.from() == 0) {
                    b.addEdge(0, vertexOf[e.to()], e.weight());
                } else {
                    b.addParameterizedEdge(vertexOf[e.from()], vertexOf[e.to()], e.weight());
                }
            }
            return b.build();
        }

        /** A random θ with entries in [0.2, 3). */
        public double[] randomTheta(SplittableRandom rng) {
            double[] theta = new double[parameterCount];
            for (int k = 0; k < parameterCount; k++) {
                theta[k] = 0.2 + 2.8 * rng.nextDouble();
            }
            return theta;
        }

        @Override
        public String toString() {
            return "random graph seed=" + seed + " (" + transientCount + " transient, " + absorbingCount
                    + " absorbing, " + componentCount + " components, " + parameterCount + " parameters"
                    + (discrete ? ", discrete" : "") + ")";
        }
    }

    public static Spec random(long seed, Options o) {
        SplittableRandom rng = new SplittableRandom(seed);
        int total = o.minVertices() + rng.nextInt(Math.max(1, o.maxVertices() - o.minVertices() + 1));
        int absorbing = 1 + rng.nextInt(3);
        int transients = Math.max(1, total - 1 - absorbing);
        int first = transients + 1; // first absorbing id

        // components: random sizes, ids consecutive inside a component
        int components = 1 + rng.nextInt(Math.max(1, Math.min(transients, 1 + transients / 3)));
        int[] componentOf = new int[transients + 1];
        int[] cuts = new int[components + 1];
        cuts[components] = transients;
        for (int c = 1; c < components; c++) {
            cuts[c] = 1 + rng.nextInt(transients);
        }
        java.util.Arrays.sort(cuts, 1, components);
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < components; c++) {
            members.add(new ArrayList<>());
        }
        for (int id = 1; id <= transients; id++) {
            int c = 0;
            while (c < components - 1 && id > cuts[c + 1]) {
                c++;
            }
            componentOf[id] = c;
            members.get(c).add(id);
        }
        members.removeIf(List::isEmpty);
        int componentCount = members.size();
        for (int c = 0; c < componentCount; c++) {
            for (int id : members.get(c)) {
                componentOf[id] = c;
            }
        }

        boolean[][] has = new boolean[first + absorbing][first + absorbing];
        List<int[]> pairs = new ArrayList<>();
        for (int c = 0; c < componentCount; c++) {
            List<Integer> m = members.get(c);
            boolean cyclic = m.size() > 1 && rng.nextDouble() < o.cyclicProbability();
            if (cyclic) {
                for (int i = 0; i < m.size(); i++) {
                    addPair(pairs, has, m.get(i), m.get((i + 1) % m.size()));
                }
                double density = 0.05 + 0.3 * rng.nextDouble();
                for (int a : m) {
                    for (int b : m) {
                        if (a != b && rng.nextDouble() < density) {
                            addPair(pairs, has, a, b);
                        }
                    }
                }
            } else {
                // no cycle inside: edges only forward in id order
                for (int i = 0; i + 1 < m.size(); i++) {
                    addPair(pairs, has, m.get(i), m.get(i + 1));
                }
            }
        }
        // edges between components, forward only
        for (int a = 1; a <= transients; a++) {
            for (int b = 1; b <= transients; b++) {
                if (componentOf[b] > componentOf[a] && rng.nextDouble() < 2.0 / transients) {
                    addPair(pairs, has, a, b);
                }
            }
            if (rng.nextDouble() < 0.25) {
                addPair(pairs, has, a, first + rng.nextInt(absorbing));
            }
        }
        // every component needs an exit; every vertex an out-edge
        for (int c = 0; c < componentCount; c++) {
            boolean exits = false;
            for (int[] p : pairs) {
                if (p[0] <= transients && componentOf[p[0]] == c && (p[1] >= first || componentOf[p[1]] != c)) {
                    exits = true;
                    break;
                }
            }
            List<Integer> m = members.get(c);
            if (!exits) {
                int from = m.get(rng.nextInt(m.size()));
                int to = c + 1 < componentCount && rng.nextBoolean()
                        ? members.get(c + 1).get(0) : first + rng.nextInt(absorbing);
                addPair(pairs, has, from, to);
            }
            for (int id : m) {
                boolean out = false;
                for (int[] p : pairs) {
                    if (p[0] == id) {
                        out = true;
                        break;
                    }
                }
                if (!out) {
                    addPair(pairs, has, id, first + rng.nextInt(absorbing));
                }
            }
        }

        List<Edge> edges = new ArrayList<>();
        // initial distribution
        int starts = 1 + rng.nextInt(Math.min(3, transients));
        double mass = o.defects() && rng.nextDouble() < 0.3 ? 0.5 + 0.45 * rng.nextDouble() : 1.0;
        double[] raw = new double[starts];
        double rawSum = 0;
        for (int i = 0; i < starts; i++) {
            raw[i] = 0.1 + rng.nextDouble();
            rawSum += raw[i];
        }
        boolean[] used = new boolean[transients + 1];
        for (int i = 0; i < starts; i++) {
            int id;
            do {
                id = i == 0 ? members.get(0).get(0) : 1 + rng.nextInt(transients);
            } while (used[id]);
            used[id] = true;
            edges.add(new Edge(0, id, mass * raw[i] / rawSum, null));
        }
        if (mass < 1 && rng.nextBoolean()) {
            // an explicit defect edge to an absorbing vertex for part of the missing mass
            edges.add(new Edge(0, first + rng.nextInt(absorbing), (1 - mass) * rng.nextDouble(), null));
        }

        double[] outSum = new double[first];
        List<double[]> weights = new ArrayList<>();
        for (int[] p : pairs) {
            double w = Math.exp(Math.log(0.1) + rng.nextDouble() * Math.log(100));
            weights.add(new double[] {w});
            outSum[p[0]] += w;
        }
        double[] target = new double[first];
        for (int id = 1; id < first; id++) {
            target[id] = rng.nextDouble() < 0.3 ? 1.0 : 0.2 + 0.8 * rng.nextDouble();
        }
        for (int i = 0; i < pairs.size(); i++) {
            int[] p = pairs.get(i);
            double w = weights.get(i)[0];
            if (o.discrete()) {
                w = w / outSum[p[0]] * target[p[0]];
            }
            double[] coefficients = null;
            if (o.parameterCount() > 0 && rng.nextDouble() < 0.8) {
                coefficients = new double[o.parameterCount()];
                boolean any = false;
                for (int k = 0; k < o.parameterCount(); k++) {
                    if (rng.nextDouble() < 0.6) {
                        coefficients[k] = 0.1 + 3 * rng.nextDouble();
                        any = true;
                    }
                }
                if (!any) {
                    coefficients[rng.nextInt(o.parameterCount())] = 0.1 + 3 * rng.nextDouble();
                }
            }
            edges.add(new Edge(p[0], p[1], w, coefficients));
        }
        return new Spec(seed, transients, absorbing, o.parameterCount(), o.discrete(), componentCount, edges);
    }

    private static void addPair(List<int[]> pairs, boolean[][] has, int a, int b) {
        if (a != b && !has[a][b]) {
            has[a][b] = true;
            pairs.add(new int[] {a, b});
        }
    }

    /** A random permutation of ids 1..n−1. */
    public static int[] shuffledIds(int idCount, SplittableRandom rng) {
        int[] order = new int[idCount - 1];
        for (int i = 0; i < order.length; i++) {
            order[i] = i + 1;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
