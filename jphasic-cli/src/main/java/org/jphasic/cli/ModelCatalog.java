package org.jphasic.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jphasic.ParameterException;
import org.jphasic.graph.Graph;
import org.jphasic.model.Coalescent;
import org.jphasic.model.IsolationWithMigration;
import org.jphasic.model.Rabbits;
import org.jphasic.model.TwoLocus;

/** The built-in models by name, with their {@code key=value} parameters and defaults. */
final class ModelCatalog {
    /** A model: its keys with defaults (null = required) and how to build it. */
    record Entry(String description, Map<String, String> defaults, Function<Map<String, String>, Graph> build) {
    }

    static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("coalescent", new Entry("Kingman coalescent, lineage counting: n samples",
                keys("n", null, "parameterized", "false"),
                p -> bool(p, "parameterized") ? Coalescent.lineageCountingParameterized(integer(p, "n"))
                        : Coalescent.lineageCounting(integer(p, "n"))));
        MODELS.put("sfs-coalescent", new Entry("block-counting coalescent (site frequency spectrum): n samples",
                keys("n", null, "parameterized", "false"),
                p -> bool(p, "parameterized") ? Coalescent.blockCountingParameterized(integer(p, "n"))
                        : Coalescent.blockCounting(integer(p, "n"))));
        MODELS.put("rabbits", new Entry("rabbit islands: n rabbits, flood rates left and right",
                keys("n", null, "left", "2", "right", "4", "parameterized", "false"),
                p -> bool(p, "parameterized") ? Rabbits.parameterized(integer(p, "n"))
                        : Rabbits.graph(integer(p, "n"), real(p, "left"), real(p, "right"))));
        MODELS.put("two-locus", new Entry("two-locus ancestral recombination graph, two samples, recombination rho",
                keys("rho", "1", "parameterized", "false"),
                p -> bool(p, "parameterized") ? TwoLocus.parameterized() : TwoLocus.graph(real(p, "rho"))));
        MODELS.put("im", new Entry("isolation with migration: n1, n2 samples; sizes N1, N2, ancestral N3; migration "
                + "M1, M2; split time T; phase=two-population|ancestral",
                keys("n1", null, "n2", null, "N1", "2", "N2", "1", "N3", "4", "M1", "0.005", "M2", "2", "T", "3",
                        "phase", "two-population", "parameterized", "false"),
                ModelCatalog::isolationWithMigrationGraph));
    }

    /**
     * The isolation-with-migration model of {@code im}'s parameters.
     *
     * @param p the {@code key=value} map with defaults filled in
     * @return the model
     */
    static IsolationWithMigration isolationWithMigration(Map<String, String> p) {
        try {
            return new IsolationWithMigration(integer(p, "n1"), integer(p, "n2"), real(p, "N1"), real(p, "N2"),
                    real(p, "N3"), real(p, "M1"), real(p, "M2"), real(p, "T"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException("model im: " + e.getMessage());
        }
    }

    private static Graph isolationWithMigrationGraph(Map<String, String> p) {
        IsolationWithMigration im = isolationWithMigration(p);
        boolean parameterized = bool(p, "parameterized");
        switch (p.get("phase").trim()) {
            case "two-population":
                return parameterized ? im.twoPopulationParameterized() : im.twoPopulationGraph();
            case "ancestral":
                return parameterized ? im.ancestralParameterized() : im.ancestralGraph();
            default:
                throw new ParameterException("phase=" + p.get("phase") + " must be two-population or ancestral");
        }
    }

    private ModelCatalog() {
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * Builds a model from its name and {@code key=value} arguments.
     *
     * @param name      the model name
     * @param arguments the {@code key=value} strings
     * @return the graph
     */
    static Graph build(String name, String[] arguments) {
        Map<String, String> values = values(name, arguments);
        try {
            return MODELS.get(name).build().apply(values);
        } catch (IllegalArgumentException e) {
            throw new ParameterException("model " + name + ": " + e.getMessage());
        }
    }

    /**
     * Checks a model's {@code key=value} arguments and fills in the defaults.
     *
     * @param name      the model name
     * @param arguments the {@code key=value} strings
     * @return every key of the model with its value
     */
    static Map<String, String> values(String name, String[] arguments) {
        Entry entry = MODELS.get(name);
        if (entry == null) {
            throw new ParameterException("unknown model '" + name + "'; the models are: "
                    + String.join(", ", MODELS.keySet()));
        }
        Map<String, String> values = new TreeMap<>(entry.defaults());
        for (String a : arguments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException("model argument '" + a + "' is not key=value; " + name + " takes "
                        + describe(entry));
            }
            String key = a.substring(0, eq);
            if (!entry.defaults().containsKey(key)) {
                throw new ParameterException("model " + name + " has no parameter '" + key + "'; it takes "
                        + describe(entry));
            }
            values.put(key, a.substring(eq + 1));
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() == null) {
                throw new ParameterException("model " + name + " needs " + e.getKey() + "=...; it takes "
                        + describe(entry));
            }
        }
        return values;
    }

    static String describe(Entry entry) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : entry.defaults().entrySet()) {
            sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=')
                    .append(e.getValue() == null ? "<required>" : e.getValue());
        }
        return sb.toString();
    }

    private static int integer(Map<String, String> p, String key) {
        try {
            return Integer.parseInt(p.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(key + "=" + p.get(key) + " is not an integer");
        }
    }

    private static double real(Map<String, String> p, String key) {
        try {
            return Double.parseDouble(p.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(key + "=" + p.get(key) + " is not a number");
        }
    }

    private static boolean bool(Map<String, String> p, String key) {
        String v = p.get(key).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new ParameterException(key + "=" + v + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
