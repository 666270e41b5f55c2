package org.jphasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jphasic.ParameterException;

/** Parsing of command-line values shared by the commands: θ lists and reward files. */
final class Arguments {
    private Arguments() {
    }

    /**
     * @param text   comma-separated numbers, e.g. {@code 1,2.5,4}
     * @param option the option name, for messages
     * @return the numbers
     */
    static double[] numbers(String text, String option) {
        if (text == null || text.isBlank()) {
            throw new ParameterException(option + " is empty; give comma-separated numbers such as 1,2.5,4");
        }
        String[] parts = text.split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(option + " entry " + (i + 1) + " is '" + parts[i]
                        + "', not a number; give comma-separated numbers such as 1,2.5,4");
            }
            if (!Double.isFinite(values[i])) {
                throw new ParameterException(option + " entry " + (i + 1) + " is " + values[i]
                        + "; values must be finite");
            }
        }
        return values;
    }

    /**
     * Reads a reward file: a JSON array of per-vertex rewards, or an array of such arrays.
     *
     * @param file        the file
     * @param vertexCount the expected length of every reward vector
     * @return one or more reward vectors
     */
    static double[][] rewards(Path file, int vertexCount) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ParameterException("cannot read reward file " + file + ": " + e.getMessage()
                    + ". Give a JSON array with one reward per vertex, or an array of such arrays");
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new ParameterException("reward file " + file + " must hold a non-empty JSON array of numbers, "
                    + "or an array of such arrays");
        }
        boolean nested = root.get(0).isArray();
        double[][] rewards = new double[nested ? root.size() : 1][];
        for (int i = 0; i < rewards.length; i++) {
            JsonNode row = nested ? root.get(i) : root;
            String where = nested ? "reward vector " + (i + 1) + " of " + file : "reward file " + file;
            if (!row.isArray()) {
                throw new ParameterException(where + " is not an array");
            }
            if (row.size() != vertexCount) {
                throw new ParameterException(where + " has " + row.size() + " entries but the graph has "
                        + vertexCount + " vertices; give one reward per vertex (start and absorbing included)");
            }
            rewards[i] = new double[vertexCount];
            for (int v = 0; v < vertexCount; v++) {
                JsonNode x = row.get(v);
                if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                    throw new ParameterException(where + " entry " + v + " is " + x + ", not a finite number");
                }
                rewards[i][v] = x.asDouble();
            }
        }
        return rewards;
    }
}
