package org.jphasic.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A readable JSON export of a trace, for inspection and for tools outside Java: every tape slot with its
 * operation, the reward program, and which slots hold the edge weights and vertex rates. It is an export only;
 * the binary {@link org.jphasic.io.TraceFile} is what jphasic reads back.
 *
 * <p>Layout (format {@code "jphasic.trace.json"}, version 1; see {@code docs/FORMATS.md} §4.1):
 * <pre>
 * { "format": "jphasic.trace.json", "version": 1,
 *   "vertexCount": n, "parameterCount": d, "discrete": false, "key": "..." (if given),
 *   "operations": [ {"slot": 0, "op": "CONST", "value": 0.0},
 *                   {"slot": 5, "op": "DOT", "terms": [[parameter, coefficient], ...]},
 *                   {"slot": 6, "op": "ADD", "a": 3, "b": 5},   (also MUL)
 *                   {"slot": 7, "op": "INV", "a": 6},
 *                   {"slot": 8, "op": "SUM", "operands": [2, 4, 7]}, ... ],
 *   "commands": [ {"target": t, "slot": s}                  x[t] ← v[s]·x[t]
 *               | {"target": t, "source": u, "slot": s}, ...],   x[t] ← x[t] + v[s]·x[u]
 *   "edges": [ {"source": u, "target": v, "weightSlot": s}, ... ],
 *   "vertexRateSlots": [ s or -1 per vertex ] }
 * </pre>
 * Evaluating the operations in slot order at θ and replaying the commands in order on x = the rewards gives the
 * expected accumulated rewards from every vertex, x[0] being E[Y] (see {@link Trace}).
 */
public final class TraceJson {
    /** The format name written into every export. */
    public static final String FORMAT = "jphasic.trace.json";
    /** The layout version. */
    public static final int VERSION = 1;

    private TraceJson() {
    }

    /**
     * Writes a trace as JSON (UTF-8, streamed, so a trace of millions of operations needs no extra memory).
     *
     * @param trace the trace
     * @param key   its content key, or null
     * @param out   where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(Trace trace, String key, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeNumberField("vertexCount", trace.vertexCount);
            g.writeNumberField("parameterCount", trace.parameterCount);
            g.writeBooleanField("discrete", trace.discrete);
            if (key != null) {
                g.writeStringField("key", key);
            }
            g.writeArrayFieldStart("operations");
            for (int s = 0; s < trace.size(); s++) {
                writeOperation(g, trace, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("commands");
            for (int c = 0; c < trace.commandTarget.length; c++) {
                g.writeStartObject();
                g.writeNumberField("target", trace.commandTarget[c]);
                if (trace.commandSource[c] >= 0) {
                    g.writeNumberField("source", trace.commandSource[c]);
                }
                g.writeNumberField("slot", trace.commandSlot[c]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (int e = 0; e < trace.edgeSource.length; e++) {
                g.writeStartObject();
                g.writeNumberField("source", trace.edgeSource[e]);
                g.writeNumberField("target", trace.edgeTarget[e]);
                g.writeNumberField("weightSlot", trace.edgeWeightSlot[e]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("vertexRateSlots");
            for (int slot : trace.vertexRateSlot) {
                g.writeNumber(slot);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeOperation(JsonGenerator g, Trace trace, int s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("slot", s);
        if (s < trace.constantCount) {
            g.writeStringField("op", Operation.CONST.name());
            g.writeNumberField("value", trace.constants[s]);
            g.writeEndObject();
            return;
        }
        Operation op = Operation.of(trace.opcode[s]);
        g.writeStringField("op", op.name());
        switch (op) {
            case DOT -> {
                g.writeArrayFieldStart("terms");
                for (int i = trace.left[s]; i < trace.left[s] + trace.right[s]; i++) {
                    g.writeStartArray();
                    g.writeNumber(trace.dotParameters[i]);
                    g.writeNumber(trace.dotCoefficients[i]);
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            case ADD, MUL -> {
                g.writeNumberField("a", trace.left[s]);
                g.writeNumberField("b", trace.right[s]);
            }
            case INV -> g.writeNumberField("a", trace.left[s]);
            case SUM -> {
                g.writeArrayFieldStart("operands");
                for (int i = trace.left[s]; i < trace.left[s] + trace.right[s]; i++) {
                    g.writeNumber(trace.sumOperands[i]);
                }
                g.writeEndArray();
            }
            case CONST -> throw new IllegalStateException("constant outside the constant block at slot " + s);
            default -> throw new IllegalStateException("unknown operation at slot " + s);
        }
        g.writeEndObject();
    }
}
