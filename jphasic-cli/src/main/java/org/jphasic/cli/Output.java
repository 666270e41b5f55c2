package org.jphasic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;

/** Writes a command's result: JSON with {@code --json}, a readable text otherwise. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void json(PrintWriter out, Map<String, ?> result) {
        try {
            out.println(JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the result as JSON", e);
        }
        out.flush();
    }

    /**
     * Prints a command's result: JSON with {@code json}, otherwise one {@code key: value} line per entry.
     *
     * @param out    where to print
     * @param result the result, in printing order
     * @param json   whether to print JSON
     */
    static void result(PrintWriter out, Map<String, ?> result, boolean json) {
        if (json) {
            json(out, result);
            return;
        }
        for (Map.Entry<String, ?> e : result.entrySet()) {
            out.println(e.getKey() + ": " + GraphCommands.render(e.getValue()));
        }
        out.flush();
    }

    static String number(double x) {
        return Double.toString(x);
    }

    static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(']').toString();
    }
}
