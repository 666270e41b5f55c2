package org.jphasic.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.scc.Components;

/**
 * Reward transformation (Røikjer, Hobolth &amp; Munch 2022, §2.3, Algorithm 2): a graph whose absorption time
 * is distributed as the accumulated reward Y of the original graph, so that the distribution functions of Y
 * come from the ordinary ones.
 *
 * <p><b>Continuous</b> (rewards r ≥ 0): zero-reward vertices take no reward-time, so they are eliminated from
 * the embedded chain: a parent u of a zero-reward vertex k gets k's out-probabilities weighted by p(u→k), and a
 * return u→k→…→u turns into more reward-time at u — its mean r_u/λ_u per visit is divided by 1 − q, with q the
 * return probability, computed as the sum of u's other out-probabilities (no subtraction). A kept vertex u
 * finally gets rate p'(u→c)/(reward-time per sojourn), i.e. λ_u·p/r_u when nothing was eliminated. Initial mass
 * that reaches absorption through zero-reward vertices becomes a defect (P(Y = 0)).
 *
 * <p><b>Discrete</b> (integer rewards r ≥ 0): zero-reward vertices are eliminated in the same way (a return
 * becomes self-transition mass); a vertex with reward r &gt; 1 becomes a chain v → a₁ → … → a_{r−1} of
 * probability-one jumps, the last carrying v's out-edges and, for the self-transition, an edge back to v, so a
 * visit to v costs r jumps.
 *
 * <p>Exact; cost O(|E| + fill-in among zero-reward vertices), vertices visited downstream first.
 *
 * <pre>{@code
 * TransformedGraph t = RewardTransform.transform(graph, rewards);
 * double eY = Moments.of(t.graph()).expectation();   // = Moments.of(graph).expectation(rewards)
 * }</pre>
 */
public final class RewardTransform {
    private RewardTransform() {
    }

    /**
     * Transforms a constant graph by a reward vector.
     *
     * @param graph   the graph, not parameterized
     * @param rewards one reward per vertex, non-negative (integers for a discrete graph); the entries of the
     *                start and of absorbing vertices are ignored. Not modified.
     * @return the transformed graph and the vertex mapping
     * @throws ParameterException if the graph is parameterized or a reward is negative, non-finite or (discrete)
     *                            not an integer
     */
    public static TransformedGraph transform(Graph graph, double[] rewards) {
        if (graph.isParameterized()) {
            throw new ParameterException("the graph is parameterized: transform graph.at(theta)");
        }
        checkRewards(graph, rewards);
        return graph.isDiscrete() ? discrete(graph, rewards) : continuous(graph, rewards);
    }

    /**
     * Checks rewards for a reward transformation of {@code graph}: one per vertex; on transient vertices finite
     * and non-negative, and whole numbers for a discrete graph (entries of the start and of absorbing vertices
     * are ignored).
     *
     * @param graph   the graph
     * @param rewards the rewards
     * @return whether some transient vertex has a positive reward
     * @throws ParameterException naming the first reward that is not allowed
     */
    public static boolean checkRewards(Graph graph, double[] rewards) {
        int n = graph.vertexCount();
        if (rewards == null || rewards.length != n) {
            throw new ParameterException("rewards has length " + (rewards == null ? 0 : rewards.length)
                    + " but the graph has " + n + " vertices; give one reward per vertex");
        }
        boolean any = false;
        for (int v = 1; v < n; v++) {
            if (graph.isAbsorbing(v)) {
                continue;
            }
            double r = rewards[v];
            if (!(r >= 0) || !Double.isFinite(r)) {
                throw new ParameterException("reward of " + graph.describeVertex(v) + " is " + r
                        + "; rewards must be finite and non-negative");
            }
            if (graph.isDiscrete() && r != Math.rint(r)) {
                throw new ParameterException("reward of " + graph.describeVertex(v) + " is " + r + "; rewards "
                        + "of a discrete graph count jumps and must be integers (whole numbers)");
            }
            any |= r > 0;
        }
        return any;
    }

    /** Out-edges of every vertex as sorted maps, plus parent sets, for elimination. */
    private static final class Chain {
        final List<TreeMap<Integer, Double>> children = new ArrayList<>();
        final List<TreeMap<Integer, Boolean>> parents = new ArrayList<>();

        Chain(Graph g, boolean normalise) {
            int n = g.vertexCount();
            for (int v = 0; v < n; v++) {
                children.add(new TreeMap<>());
                parents.add(new TreeMap<>());
            }
            for (int v = 0; v < n; v++) {
                double rate = v == Graph.START || !normalise ? 1.0 : g.totalRate(v);
                for (int e = g.edgeStart(v); e < g.edgeEnd(v); e++) {
                    int t = g.edgeTarget(e);
                    children.get(v).merge(t, g.edgeWeight(e) / rate, Double::sum);
                    parents.get(t).put(v, Boolean.TRUE);
                }
            }
        }

        /**
         * Removes vertex k, routing its parents' mass through its children with probabilities p(k→c) = w/λ_k.
         *
         * @return for each parent, the return mass p(u→k)·p(k→u) (0 if none); parents listed in
         *         {@code touched}
         */
        void eliminate(int k, double kTotal, List<Integer> touched, List<Double> returns) {
            TreeMap<Integer, Double> out = children.get(k);
            for (int u : new ArrayList<>(parents.get(k).keySet())) {
                TreeMap<Integer, Double> uOut = children.get(u);
                double a = uOut.remove(k);
                double back = 0;
                for (Map.Entry<Integer, Double> c : out.entrySet()) {
                    double p = a * c.getValue() / kTotal;
                    if (c.getKey() == u) {
                        back += p;
                    } else {
                        uOut.merge(c.getKey(), p, Double::sum);
                        parents.get(c.getKey()).put(u, Boolean.TRUE);
                    }
                }
                touched.add(u);
                returns.add(back);
            }
            for (int c : out.keySet()) {
                parents.get(c).remove(k);
            }
            parents.get(k).clear();
        }
    }

    private static TransformedGraph continuous(Graph g, double[] rewards) {
        int n = g.vertexCount();
        Chain chain = new Chain(g, true);
        // reward-time per sojourn: r_v/λ_v
        double[] sojournReward = new double[n];
        for (int v = 1; v < n; v++) {
            if (!g.isAbsorbing(v)) {
                sojournReward[v] = rewards[v] / g.totalRate(v);
            }
        }
        List<Integer> touched = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (int k : zeroRewardDownstreamFirst(g, rewards)) {
            touched.clear();
            returns.clear();
            chain.eliminate(k, 1.0, touched, returns);
            for (int i = 0; i < touched.size(); i++) {
                if (returns.get(i) > 0) {
                    int u = touched.get(i);
                    // the remaining out-probability of u is 1 − q: sum it rather than subtract
                    double stay = 0;
                    for (double p : chain.children.get(u).values()) {
                        stay += p;
                    }
                    final double factor = 1.0 / stay;
                    chain.children.get(u).replaceAll((c, p) -> p * factor);
                    sojournReward[u] *= factor;
                }
            }
        }
        return rebuild(g, rewards, chain, sojournReward, false);
    }

    private static TransformedGraph discrete(Graph g, double[] rewards) {
        int n = g.vertexCount();
        Chain chain = new Chain(g, false);
        List<Integer> touched = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (int k : zeroRewardDownstreamFirst(g, rewards)) {
            double total = 0;
            for (double w : chain.children.get(k).values()) {
                total += w;
            }
            touched.clear();
            returns.clear();
            // returns become implicit self-transition mass of the parent: nothing more to do
            chain.eliminate(k, total, touched, returns);
        }
        return rebuild(g, rewards, chain, new double[n], true);
    }

    /**
     * The transient vertices with reward 0, in the order they are eliminated: components downstream first.
     *
     * @param g       the graph
     * @param rewards one reward per vertex
     * @return the vertices
     */
    public static List<Integer> zeroRewardDownstreamFirst(Graph g, double[] rewards) {
        Components c = g.components();
        List<Integer> order = new ArrayList<>();
        for (int k = c.count() - 1; k >= 0; k--) {
            for (int i = c.start(k); i < c.end(k); i++) {
                int v = c.member(i);
                if (v != Graph.START && !g.isAbsorbing(v) && rewards[v] == 0) {
                    order.add(v);
                }
            }
        }
        return order;
    }

    private static TransformedGraph rebuild(Graph g, double[] rewards, Chain chain, double[] sojournReward,
                                            boolean discrete) {
        int n = g.vertexCount();
        GraphBuilder b = new GraphBuilder(g.stateLength());
        if (discrete) {
            b.discrete();
        }
        int[] newIndex = new int[n];
        List<Integer> original = new ArrayList<>();
        original.add(Graph.START);
        for (int v = 1; v < n; v++) {
            newIndex[v] = -1;
            if (g.isAbsorbing(v) || rewards[v] != 0) {
                newIndex[v] = b.addVertex(g.state(v));
                original.add(v);
            }
        }
        // discrete: chains of auxiliary vertices for rewards above 1; last[v] carries v's out-edges
        int[] last = newIndex.clone();
        if (discrete) {
            for (int v = 1; v < n; v++) {
                if (newIndex[v] >= 0 && !g.isAbsorbing(v) && rewards[v] > 1) {
                    int previous = newIndex[v];
                    for (int j = 1; j < (int) rewards[v]; j++) {
                        int aux = b.addVertex(g.state(v));
                        original.add(v);
                        b.addEdge(previous, aux, 1.0);
                        previous = aux;
                    }
                    last[v] = previous;
                }
            }
        }
        for (Map.Entry<Integer, Double> e : chain.children.get(Graph.START).entrySet()) {
            b.addEdge(Graph.START, newIndex[e.getKey()], e.getValue());
        }
        for (int v = 1; v < n; v++) {
            if (newIndex[v] < 0 || g.isAbsorbing(v)) {
                continue;
            }
            double out = 0;
            for (Map.Entry<Integer, Double> e : chain.children.get(v).entrySet()) {
                double w = discrete ? e.getValue() : e.getValue() / sojournReward[v];
                out += e.getValue();
                b.addEdge(last[v], newIndex[e.getKey()], w);
            }
            if (discrete && last[v] != newIndex[v] && out < 1) {
                b.addEdge(last[v], newIndex[v], 1 - out); // the self-transition restarts the visit
            }
        }
        int[] mapping = original.stream().mapToInt(Integer::intValue).toArray();
        return new TransformedGraph(b.build(), mapping);
    }
}
