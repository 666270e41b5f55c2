package org.jphasic.bench;

import org.jphasic.graph.Graph;
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
}
