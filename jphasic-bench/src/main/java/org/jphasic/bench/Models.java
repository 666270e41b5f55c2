package org.jphasic.bench;

import java.util.SplittableRandom;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;
import org.jphasic.model.Coalescent;
import org.jphasic.model.Rabbits;

/** The benchmark models by name: {@code rabbits-N} and {@code coalescent-N} (block counting). */
final class Models {
    private Models() {
    }

    static Graph constant(String name) {
        int n = size(name);
        return name.startsWith("rabbits") ? Rabbits.graph(n, 2, 4) : Coalescent.blockCounting(n);
    }

    static Graph parameterized(String name) {
        int n = size(name);
        return name.startsWith("rabbits") ? Rabbits.parameterized(n) : Coalescent.blockCountingParameterized(n);
    }

    static double[] theta(String name) {
        return name.startsWith("rabbits") ? new double[] {1, 2, 4} : new double[] {1.3};
    }

    private static int size(String name) {
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    /**
     * A chain of {@code components} random strongly connected components of {@code size} vertices each (a ring plus
     * random edges of density 0.1 inside, so elimination fills them in), two parameters; each component leads to
     * the next, the last to absorption. Units that are expensive to record: what a cluster is for.
     */
    static Graph denseBlocks(int components, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        GraphBuilder b = new GraphBuilder(1, 2);
        int[][] vertex = new int[components][size];
        for (int c = 0; c < components; c++) {
            for (int i = 0; i < size; i++) {
                vertex[c][i] = b.addVertex(new int[] {c * size + i + 1});
            }
        }
        int absorbing = b.addVertex(new int[] {0});
        b.addEdge(Graph.START, vertex[0][0], 1.0);
        for (int c = 0; c < components; c++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    if (j == (i + 1) % size || j != i && rng.nextDouble() < 0.1) {
                        b.addParameterizedEdge(vertex[c][i], vertex[c][j],
                                new double[] {0.5 + rng.nextDouble(), rng.nextDouble()});
                    }
                }
                if (rng.nextDouble() < 0.05 || i == size - 1) {
                    int next = c + 1 < components ? vertex[c + 1][rng.nextInt(size)] : absorbing;
                    b.addParameterizedEdge(vertex[c][i], next, new double[] {rng.nextDouble(), 0.5});
                }
            }
        }
        return b.build();
    }
}
