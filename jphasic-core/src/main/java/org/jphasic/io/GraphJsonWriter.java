package org.jphasic.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;
import org.jphasic.graph.Graph;

/**
 * Writes a graph in phasic's JSON layout (see {@link GraphJson}) with Jackson's streaming generator: one value
 * after another, no document tree, so memory stays constant whatever the graph's size.
 */
final class GraphJsonWriter {
    private GraphJsonWriter() {
    }

    /**
     * Writes the document; the caller flushes and closes the generator.
     *
     * @param graph     the graph. Not modified.
     * @param generator receives the document. Modified.
     * @throws IOException if the output fails
     */
    static void write(Graph graph, JsonGenerator generator) throws IOException {
        RowPrinter printer = new RowPrinter();
        generator.setPrettyPrinter(printer);
        int n = graph.vertexCount();
        generator.writeStartObject();
        generator.writeNumberField(GraphJsonReader.N_VERTICES, n);
        generator.writeNumberField(GraphJsonReader.STATE_LENGTH, graph.stateLength());
        generator.writeNumberField(GraphJsonReader.PARAM_LENGTH, graph.parameterCount());
        generator.writeBooleanField(GraphJsonReader.IS_DISCRETE, graph.isDiscrete());

        printer.rowsOnLines = true;
        generator.writeArrayFieldStart(GraphJsonReader.STATES);
        for (int v = 0; v < n; v++) {
            generator.writeStartArray();
            for (int j = 0; j < graph.stateLength(); j++) {
                generator.writeNumber(graph.stateValue(v, j));
            }
            generator.writeEndArray();
        }
        generator.writeEndArray();

        generator.writeArrayFieldStart(GraphJsonReader.START_EDGES);
        for (int e = graph.edgeStart(Graph.START); e < graph.edgeEnd(Graph.START); e++) {
            generator.writeStartArray();
            generator.writeNumber(graph.edgeTarget(e));
            generator.writeNumber(graph.edgeWeight(e));
            generator.writeEndArray();
        }
        generator.writeEndArray();

        generator.writeArrayFieldStart(GraphJsonReader.EDGES);
        writeEdgeRows(graph, generator, false);
        generator.writeEndArray();
        generator.writeArrayFieldStart(GraphJsonReader.PARAM_EDGES);
        writeEdgeRows(graph, generator, true);
        generator.writeEndArray();

        generator.writeArrayFieldStart(GraphJsonReader.START_PARAM_EDGES);
        generator.writeEndArray();
        generator.writeArrayFieldStart(GraphJsonReader.CONSTANT_EDGES);
        generator.writeEndArray();

        printer.rowsOnLines = false;
        generator.writeArrayFieldStart(GraphJsonReader.VERTEX_INDICES);
        for (int v = 0; v < n; v++) {
            generator.writeNumber(v);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /**
     * Writes {@code [from, to, weight]} for the constant edges, or {@code [from, to, c1 .. cP]} for the
     * parameterized edges, of every vertex but the start, in vertex order.
     */
    private static void writeEdgeRows(Graph graph, JsonGenerator generator, boolean parameterized)
            throws IOException {
        for (int v = 1; v < graph.vertexCount(); v++) {
            for (int e = graph.edgeStart(v); e < graph.edgeEnd(v); e++) {
                if (graph.isEdgeParameterized(e) != parameterized) {
                    continue;
                }
                generator.writeStartArray();
                generator.writeNumber(v);
                generator.writeNumber(graph.edgeTarget(e));
                if (parameterized) {
                    for (int k = 0; k < graph.parameterCount(); k++) {
                        generator.writeNumber(graph.coefficient(e, k));
                    }
                } else {
                    generator.writeNumber(graph.edgeWeight(e));
                }
                generator.writeEndArray();
            }
        }
    }

    /**
     * Lays the document out for people and diffs: one field per line, and in matrix fields one row per line
     * ({@code [1, 2, 0.5]}); 1-D arrays stay on one line.
     */
    private static final class RowPrinter implements PrettyPrinter {
        private int depth;
        boolean rowsOnLines;

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            g.writeRaw("\n  ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n  ");
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            depth--;
            g.writeRaw(entries > 0 ? "\n}" : "}");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (rowsAtThisDepth()) {
                g.writeRaw("\n    ");
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(rowsAtThisDepth() ? ",\n    " : ", ");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            boolean rows = rowsAtThisDepth();
            depth--;
            g.writeRaw(rows && values > 0 ? "\n  ]" : "]");
        }

        /** A field's array sits at depth 2 (inside the object); its rows are its values. */
        private boolean rowsAtThisDepth() {
            return rowsOnLines && depth == 2;
        }
    }
}
