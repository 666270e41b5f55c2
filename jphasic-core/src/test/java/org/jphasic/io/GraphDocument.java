package org.jphasic.io;

import java.util.LinkedHashMap;
import java.util.Map;

/** A graph JSON document assembled from raw field texts, so tests can put anything in any field. */
final class GraphDocument {
    private final Map<String, String> fields = new LinkedHashMap<>();

    /** start → 1 (probability 1), 1 → 2 at rate 2: Exp(2), three vertices, constant. */
    static GraphDocument constant() {
        return new GraphDocument()
                .with("states", "[[0], [1], [0]]")
                .with("edges", "[[1, 2, 2.0]]")
                .with("start_edges", "[[1, 1.0]]")
                .with("param_edges", "[]")
                .with("start_param_edges", "[]")
                .with("param_length", "0")
                .with("state_length", "1")
                .with("n_vertices", "3")
                .with("vertex_indices", "[0, 1, 2]");
    }

    /** start → 1; 1 → 2 with coefficients (1, 0); 2 → 3 with (0, 1); 1 → 3 with (0.5, 0.5); two parameters. */
    static GraphDocument parameterized() {
        return new GraphDocument()
                .with("states", "[[0], [2], [1], [0]]")
                .with("edges", "[]")
                .with("start_edges", "[[1.0, 1.0]]")
                .with("param_edges", "[[1.0, 2.0, 1.0, 0.0], [2.0, 3.0, 0.0, 1.0], [1.0, 3.0, 0.5, 0.5]]")
                .with("start_param_edges", "[]")
                .with("param_length", "2")
                .with("state_length", "1")
                .with("n_vertices", "4")
                .with("vertex_indices", "[0, 1, 2, 3]");
    }

    GraphDocument with(String field, String rawJson) {
        fields.put(field, rawJson);
        return this;
    }

    GraphDocument without(String field) {
        fields.remove(field);
        return this;
    }

    String json() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            out.append(out.length() == 1 ? "" : ", ").append('"').append(field.getKey()).append("\": ")
                    .append(field.getValue());
        }
        return out.append('}').toString();
    }
}
