package org.jphasic.model;

import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jphasic.dist.Uniformization;
import org.jphasic.graph.Graph;
import org.jphasic.graph.StateSpace;
import org.jphasic.graph.Transitions;
import org.jphasic.moments.Moments;

/**
 * The isolation-with-migration model (Røikjer, Hobolth &amp; Munch 2022, §4; Kern &amp; Hey 2017) and its joint
 * site frequency spectrum. Two populations, 0 and 1, of relative sizes N₁ and N₂ exchange migrants until time T
 * (backwards in time), when they merge into one ancestral population of size N₃.
 *
 * <p><b>States.</b> A lineage is typed by (i, j): the numbers of its descendant samples from population 0 and 1,
 * 0 ≤ i ≤ n₁, 0 ≤ j ≤ n₂, not both 0; type (i, j) has index {@link #typeIndex(int, int)} = i·(n₂+1) + j − 1, so
 * there are K = (n₁+1)(n₂+1) − 1 types. A two-population state counts the lineages of each type in each
 * population (slot p·K + type); an ancestral state counts them in the one population (slot = type).
 * <ul>
 *   <li>Start: n₁ lineages of type (1, 0) in population 0 and n₂ of type (0, 1) in population 1.</li>
 *   <li>Coalescence inside population p: each pair of its lineages at rate 1/N_p (C(c, 2) pairs of one type
 *       with count c, c_a·c_b pairs of two types); the new lineage's type is the sum.</li>
 *   <li>Migration: each lineage of population p moves to population 1 − p at rate M_p (M₁ for population 0, M₂
 *       for population 1).</li>
 *   <li>Absorbing when one lineage is left in total.</li>
 *   <li>Ancestral phase: the same coalescence in one population of size N₃, from every state the first phase
 *       can be in at T with the two populations' counts added ({@link #ancestralGraph()} holds every such state:
 *       it starts from all n₁ + n₂ sample lineages).</li>
 * </ul>
 * Sizes (vertices, start and absorbing included): n₁ = n₂ = 2: 47 and 10; 3 + 3: 269 and 32; 7 + 7: 123,135 and
 * 2,999. The parameterized forms have θ = (1/N₁, 1/N₂, M₁, M₂) in the first phase (coefficient: pairs or
 * lineages) and θ = (1/N₃) in the ancestral one.
 *
 * <p><b>Joint SFS.</b> With r_ij(state) the number of lineages of type (i, j), 0 &lt; i + j &lt; n₁ + n₂,
 * <pre>
 *   JSFS(i, j) = E[∫₀ᵀ r_ij(X_t) dt] + Σ_s P(X_T = s)·E_anc[∫ r_ij | start at merge(s)]
 *              = r_ij·a(T) + Σ_s P(X_T = s)·(U_anc r_ij)[merge(s)],
 * </pre>
 * with a(T) the accumulated visiting times and P(X_T = s) the state probabilities of the first phase (one
 * uniformisation pass, {@link Uniformization}), and U_anc r_ij the ancestral phase's expected accumulated
 * rewards (one elimination, one replay per type, {@link Moments}). Σ JSFS(i, j) is the expected total branch
 * length; times the mutation rate it is the expected JSFS of segregating sites. Cost: the state-space
 * exploration, O(Λ·T·(|V| + |E|)) for the first phase and O(K·program length) for the second.
 *
 * <pre>{@code
 * IsolationWithMigration im = IsolationWithMigration.paper(7, 7);   // N1=2 N2=1 N3=4 M1=0.005 M2=2 T=3
 * double[][] jsfs = im.jointSfs();                                  // jsfs[i][j], 8 × 8
 * }</pre>
 */
public final class IsolationWithMigration {
    private final int sampleCount1;
    private final int sampleCount2;
    private final double populationSize1;
    private final double populationSize2;
    private final double ancestralSize;
    private final double migrationRate1;
    private final double migrationRate2;
    private final double splitTime;
    private final int typeCount;
    /** Per type index: its (i, j). */
    private final int[] typeI;
    private final int[] typeJ;

    /**
     * @param n1            samples from population 0, at least 1
     * @param n2            samples from population 1, at least 1
     * @param size1         N₁, population 0's relative size, positive
     * @param size2         N₂, population 1's relative size, positive
     * @param ancestralSize N₃, the ancestral population's relative size, positive
     * @param migration1    M₁, the migration rate per lineage out of population 0, non-negative
     * @param migration2    M₂, the migration rate per lineage out of population 1, non-negative; M₁ + M₂ &gt; 0
     * @param splitTime     T, when the populations merge (backwards in time), non-negative
     * @throws IllegalArgumentException for a value out of range
     */
    public IsolationWithMigration(int n1, int n2, double size1, double size2, double ancestralSize,
                                  double migration1, double migration2, double splitTime) {
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("the model needs at least one sample from each population, got n1="
                    + n1 + ", n2=" + n2);
        }
        positive("N1", size1);
        positive("N2", size2);
        positive("N3", ancestralSize);
        nonNegative("M1", migration1);
        nonNegative("M2", migration2);
        nonNegative("T", splitTime);
        if (migration1 + migration2 == 0) {
            throw new IllegalArgumentException("M1 and M2 are both 0: with no migration two lineages in different "
                    + "populations could never coalesce before T. Give a positive migration rate");
        }
        this.sampleCount1 = n1;
        this.sampleCount2 = n2;
        this.populationSize1 = size1;
        this.populationSize2 = size2;
        this.ancestralSize = ancestralSize;
        this.migrationRate1 = migration1;
        this.migrationRate2 = migration2;
        this.splitTime = splitTime;
        this.typeCount = (n1 + 1) * (n2 + 1) - 1;
        typeI = new int[typeCount];
        typeJ = new int[typeCount];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                if (i + j > 0) {
                    typeI[typeIndex(i, j)] = i;
                    typeJ[typeIndex(i, j)] = j;
                }
            }
        }
    }

    /**
     * The paper's example parameters: N₁ = 2, N₂ = 1, N₃ = 4, M₁ = 0.005, M₂ = 2, T = 3.
     *
     * @param n1 samples from population 0
     * @param n2 samples from population 1
     * @return the model
     */
    public static IsolationWithMigration paper(int n1, int n2) {
        return new IsolationWithMigration(n1, n2, 2, 1, 4, 0.005, 2, 3);
    }

    private static void positive(String name, double x) {
        if (!(x > 0) || !Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + x);
        }
    }

    private static void nonNegative(String name, double x) {
        if (!(x >= 0) || !Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got " + x);
        }
    }

    /** @return n₁, the samples from population 0 */
    public int sampleCount1() {
        return sampleCount1;
    }

    /** @return n₂, the samples from population 1 */
    public int sampleCount2() {
        return sampleCount2;
    }

    /** @return T */
    public double splitTime() {
        return splitTime;
    }

    /** @return K = (n₁+1)(n₂+1) − 1, the number of lineage types */
    public int typeCount() {
        return typeCount;
    }

    /**
     * @param i descendants in population 0, 0..n₁
     * @param j descendants in population 1, 0..n₂, i + j &gt; 0
     * @return the type's index i·(n₂+1) + j − 1
     */
    public int typeIndex(int i, int j) {
        if (i < 0 || i > sampleCount1 || j < 0 || j > sampleCount2 || i + j == 0) {
            throw new IllegalArgumentException("no lineage type (" + i + ", " + j + ") with n1=" + sampleCount1
                    + ", n2=" + sampleCount2);
        }
        return i * (sampleCount2 + 1) + j - 1;
    }

    /** @return θ = (1/N₁, 1/N₂, M₁, M₂) for {@link #twoPopulationParameterized()} */
    public double[] theta() {
        return new double[] {1 / populationSize1, 1 / populationSize2, migrationRate1, migrationRate2};
    }

    /** @return θ = (1/N₃) for {@link #ancestralParameterized()} */
    public double[] ancestralTheta() {
        return new double[] {1 / ancestralSize};
    }

    /** @return the first phase with this model's rates, state length 2K */
    public Graph twoPopulationGraph() {
        return twoPopulation(false);
    }

    /** @return the first phase with rates c·θ, θ = (1/N₁, 1/N₂, M₁, M₂), state length 2K */
    public Graph twoPopulationParameterized() {
        return twoPopulation(true);
    }

    /** @return the ancestral phase with this model's rate, state length K */
    public Graph ancestralGraph() {
        return ancestral(false);
    }

    /** @return the ancestral phase with rates c·θ, θ = (1/N₃), state length K */
    public Graph ancestralParameterized() {
        return ancestral(true);
    }

    /**
     * The reward r_ij: lineages of type (i, j) in a state of either phase (both populations counted).
     *
     * @param graph a graph of this model, either phase
     * @param i     descendants in population 0
     * @param j     descendants in population 1
     * @return one reward per vertex
     */
    public double[] typeRewards(Graph graph, int i, int j) {
        int type = typeIndex(i, j);
        int populations = populationsOf(graph);
        double[] r = new double[graph.vertexCount()];
        for (int v = 1; v < graph.vertexCount(); v++) {
            for (int p = 0; p < populations; p++) {
                r[v] += graph.stateValue(v, p * typeCount + type);
            }
        }
        return r;
    }

    private int populationsOf(Graph graph) {
        if (graph.stateLength() == 2 * typeCount) {
            return 2;
        }
        if (graph.stateLength() == typeCount) {
            return 1;
        }
        throw new IllegalArgumentException("the graph's state length " + graph.stateLength() + " fits neither phase "
                + "of this model (" + 2 * typeCount + " or " + typeCount + ")");
    }

    /**
     * The joint site frequency spectrum as expected branch lengths (see the class documentation), computed from
     * the constant graphs of both phases with uniformisation at its default error bound.
     *
     * @return JSFS(i, j) at [i][j], (n₁+1) × (n₂+1), zero at (0, 0) and (n₁, n₂)
     */
    public double[][] jointSfs() {
        return jointSfs(twoPopulationGraph(), ancestralGraph());
    }

    /**
     * The joint SFS from given graphs of the two phases (for instance the parameterized forms at some θ).
     *
     * @param twoPopulation the first phase, built by this model (state length 2K), constant
     * @param ancestral     the ancestral phase, built by this model (state length K), constant
     * @return JSFS(i, j) at [i][j]
     */
    public double[][] jointSfs(Graph twoPopulation, Graph ancestral) {
        if (populationsOf(twoPopulation) != 2 || populationsOf(ancestral) != 1) {
            throw new IllegalArgumentException("give the two-population graph first and the ancestral graph second");
        }
        int n = twoPopulation.vertexCount();
        double[][] probabilities = {new double[n]};
        double[][] visiting = {new double[n]};
        Uniformization.of(twoPopulation).evaluateStates(new double[] {splitTime}, probabilities, visiting);
        double[] atSplit = probabilities[0];
        double[] before = visiting[0];

        Map<IntBuffer, Integer> ancestralVertex = new HashMap<>();
        for (int w = 1; w < ancestral.vertexCount(); w++) {
            ancestralVertex.put(IntBuffer.wrap(ancestral.state(w)), w);
        }
        double[] merged = new double[ancestral.vertexCount()];
        double[][] lineages = new double[typeCount][n];
        int[] counts = new int[typeCount];
        for (int v = 1; v < n; v++) {
            if (atSplit[v] == 0 && before[v] == 0) {
                continue;
            }
            for (int c = 0; c < typeCount; c++) {
                counts[c] = twoPopulation.stateValue(v, c) + twoPopulation.stateValue(v, typeCount + c);
                lineages[c][v] = counts[c];
            }
            if (atSplit[v] != 0) {
                Integer w = ancestralVertex.get(IntBuffer.wrap(counts));
                if (w == null) {
                    throw new IllegalStateException("merged state of vertex " + v + " is not in the ancestral graph");
                }
                merged[w] += atSplit[v];
            }
        }
        Moments ancestralMoments = Moments.of(ancestral);
        double[][] jsfs = new double[sampleCount1 + 1][sampleCount2 + 1];
        for (int c = 0; c < typeCount; c++) {
            int i = typeI[c];
            int j = typeJ[c];
            if (i == sampleCount1 && j == sampleCount2) {
                continue;
            }
            double truncated = 0;
            for (int v = 1; v < n; v++) {
                truncated += before[v] * lineages[c][v];
            }
            double[] x = ancestralMoments.expectedWaitingTimes(typeRewards(ancestral, i, j));
            double after = 0;
            for (int w = 1; w < merged.length; w++) {
                after += merged[w] * x[w];
            }
            jsfs[i][j] = truncated + after;
        }
        return jsfs;
    }

    private Graph twoPopulation(boolean parameterized) {
        int[] start = new int[2 * typeCount];
        start[typeIndex(1, 0)] = sampleCount1;
        start[typeCount + typeIndex(0, 1)] = sampleCount2;
        int[] next = new int[2 * typeCount];
        double[] coefficients = new double[4];
        double[] coalescence = {1 / populationSize1, 1 / populationSize2};
        double[] migration = {migrationRate1, migrationRate2};
        return StateSpace.of(2 * typeCount).parameters(parameterized ? 4 : 0).initial(start, 1.0)
                .explore((s, out) -> {
                    if (lineageCount(s) <= 1) {
                        return;
                    }
                    for (int p = 0; p < 2; p++) {
                        int base = p * typeCount;
                        coalesce(s, base, next, out, parameterized, coefficients, p, coalescence[p]);
                        for (int a = 0; a < typeCount; a++) {
                            int count = s[base + a];
                            if (count == 0 || !parameterized && migration[p] == 0) {
                                continue;
                            }
                            System.arraycopy(s, 0, next, 0, s.length);
                            next[base + a]--;
                            next[(1 - p) * typeCount + a]++;
                            emit(out, next, parameterized, coefficients, 2 + p, count, count * migration[p]);
                        }
                    }
                });
    }

    private Graph ancestral(boolean parameterized) {
        int[] start = new int[typeCount];
        start[typeIndex(1, 0)] = sampleCount1;
        start[typeIndex(0, 1)] = sampleCount2;
        int[] next = new int[typeCount];
        double[] coefficients = new double[1];
        return StateSpace.of(typeCount).parameters(parameterized ? 1 : 0).initial(start, 1.0).explore((s, out) -> {
            if (lineageCount(s) > 1) {
                coalesce(s, 0, next, out, parameterized, coefficients, 0, 1 / ancestralSize);
            }
        });
    }

    private static int lineageCount(int[] s) {
        int total = 0;
        for (int x : s) {
            total += x;
        }
        return total;
    }

    /** Every coalescence among the lineages in slots base..base+K−1, at (pairs)·rate or coefficient pairs. */
    private void coalesce(int[] s, int base, int[] next, Transitions out, boolean parameterized,
                          double[] coefficients, int parameter, double rate) {
        for (int a = 0; a < typeCount; a++) {
            int ca = s[base + a];
            if (ca == 0) {
                continue;
            }
            for (int b = a; b < typeCount; b++) {
                int cb = s[base + b];
                double pairs = a == b ? ca * (ca - 1) / 2.0 : (double) ca * cb;
                if (pairs == 0) {
                    continue;
                }
                int merged = typeIndex(typeI[a] + typeI[b], typeJ[a] + typeJ[b]);
                System.arraycopy(s, 0, next, 0, s.length);
                next[base + a]--;
                next[base + b]--;
                next[base + merged]++;
                emit(out, next, parameterized, coefficients, parameter, pairs, pairs * rate);
            }
        }
    }

    private static void emit(Transitions out, int[] target, boolean parameterized, double[] coefficients,
                             int parameter, double coefficient, double rate) {
        if (parameterized) {
            Arrays.fill(coefficients, 0);
            coefficients[parameter] = coefficient;
            out.addParameterized(target, coefficients);
        } else {
            out.add(target, rate);
        }
    }

    @Override
    public String toString() {
        return "IsolationWithMigration[n1=" + sampleCount1 + ", n2=" + sampleCount2 + ", N1=" + populationSize1
                + ", N2=" + populationSize2 + ", N3=" + ancestralSize + ", M1=" + migrationRate1 + ", M2="
                + migrationRate2 + ", T=" + splitTime + "]";
    }
}
