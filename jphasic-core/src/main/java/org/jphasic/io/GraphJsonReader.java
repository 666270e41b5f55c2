package org.jphasic.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jphasic.GraphFormatException;
import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;
import org.jphasic.graph.GraphBuilder;

/**
 * Reads phasic's graph JSON with Jackson's streaming parser, in the two stages documented on {@link GraphJson}:
 * stage 1 reads the document once, checking syntax and each field's JSON type and row structure and storing
 * array fields in primitive arrays; stage 2 validates the fields against each other in a fixed order and builds
 * the graph.
 */
final class GraphJsonReader {
    static final String STATES = "states";
    static final String EDGES = "edges";
    static final String START_EDGES = "start_edges";
    static final String PARAM_EDGES = "param_edges";
    static final String START_PARAM_EDGES = "start_param_edges";
    static final String PARAM_LENGTH = "param_length";
    static final String STATE_LENGTH = "state_length";
    static final String N_VERTICES = "n_vertices";
    static final String VERTEX_INDICES = "vertex_indices";
    static final String CONSTANT_EDGES = "constant_edges";
    static final String IS_DISCRETE = "is_discrete";
    static final String WEIGHT_MODE = "weight_mode";
    static final String WEIGHT_FORMULA_TAPE = "weight_formula_tape";

    /** The fields every document must have, in phasic's order. */
    static final List<String> REQUIRED = List.of(STATES, EDGES, START_EDGES, PARAM_EDGES, START_PARAM_EDGES,
            PARAM_LENGTH, STATE_LENGTH, N_VERTICES);

    private static final int SHOWN_TEXT = 40;
    private static final int SHOWN_FIELDS = 20;

    /** One parser configuration for every read: NaN tokens allowed (Python writes them), bounded nesting. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(GraphJson.MAX_NESTING_DEPTH)
                    .maxNumberLength(GraphJson.MAX_NUMBER_LENGTH)
                    .build())
            .build();

    /** Opens a parser on the input; may fail with an {@link IOException}. */
    @FunctionalInterface
    interface ParserSource {
        JsonParser open() throws IOException;
    }

    private final Set<String> seen = new LinkedHashSet<>();
    private int vertexCount = -1;
    private int stateLength = -1;
    private int parameterCount = -1;
    private boolean discrete;
    private NumberRows states;
    private NumberRows vertexIndices;
    private NumberRows edges;
    private NumberRows startEdges;
    private NumberRows paramEdges;
    private NumberRows startParamEdges;
    private NumberRows constantEdges;

    private GraphJsonReader() {
    }

    /**
     * Reads one graph document.
     *
     * @param source      opens the parser; the caller closes the underlying input
     * @param description what is read, such as {@code "graph file 'x.json'"}, for I/O error messages
     * @return the graph
     * @throws GraphFormatException  for unreadable input, malformed JSON or a field that breaks the format
     * @throws InvalidGraphException for a well-formed document whose graph is not a valid phase-type graph
     */
    static Graph read(ParserSource source, String description) {
        try (JsonParser parser = source.open()) {
            GraphJsonReader reader = new GraphJsonReader();
            reader.readDocument(parser);
            return reader.build();
        } catch (StreamConstraintsException e) {
            throw new GraphFormatException("the document exceeds a parser limit: " + oneLine(e.getOriginalMessage())
                    + at(e.getLocation()) + ". A graph document nests at most 3 levels ({ \"edges\": [[...]] }) and "
                    + "numbers are short; the input is not a graph file or is corrupt", e);
        } catch (JsonProcessingException e) {
            throw new GraphFormatException("the document is not valid JSON: " + oneLine(e.getOriginalMessage())
                    + at(e.getLocation()) + ". Check that the file is complete (not truncated) and is a graph JSON "
                    + "file", e);
        } catch (CharConversionException e) {
            throw new GraphFormatException("the document is not valid text: " + oneLine(e.getMessage())
                    + ". Graph files are UTF-8 JSON; the input is binary or corrupt", e);
        } catch (IOException e) {
            throw unreadable(description, e);
        }
    }

    /**
     * @param description what was read, such as {@code "graph file 'x.json'"}
     * @param e           the failure to open or read it
     * @return the exception to throw, naming the input and the reason
     */
    static GraphFormatException unreadable(String description, IOException e) {
        return new GraphFormatException("cannot read " + description + ": " + describe(e)
                + ". Check that it exists and is readable", e);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Stage 1: one pass over the document.

    private void readDocument(JsonParser p) throws IOException {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw new GraphFormatException("the document is empty: expected a JSON object with the fields "
                    + REQUIRED + ". The input is not a graph file");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new GraphFormatException("the document" + at(p.currentTokenLocation()) + ": expected a JSON "
                    + "object with the fields " + REQUIRED + ", found " + describe(p) + ". The input is not a graph "
                    + "file");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!seen.add(name)) {
                throw new GraphFormatException("field '" + printable(name) + "'" + at(p.currentTokenLocation())
                        + ": expected once, found a second time. Remove the duplicate field");
            }
            p.nextToken();
            readField(p, name);
        }
        if (p.nextToken() != null) {
            throw new GraphFormatException("the document" + at(p.currentTokenLocation()) + ": expected nothing "
                    + "after the graph object, found " + describe(p) + ". Keep one graph per file");
        }
    }

    private void readField(JsonParser p, String name) throws IOException {
        switch (name) {
            case N_VERTICES -> vertexCount = readCount(p, name);
            case STATE_LENGTH -> stateLength = readCount(p, name);
            case PARAM_LENGTH -> parameterCount = readCount(p, name);
            case STATES -> states = readRows(p, name, true, "[s1, .., s_state_length] (integers)");
            case VERTEX_INDICES -> vertexIndices = readVector(p, name);
            case EDGES -> edges = readRows(p, name, false, "[from, to, weight]");
            case START_EDGES -> startEdges = readRows(p, name, false, "[to, weight]");
            case PARAM_EDGES -> paramEdges = readRows(p, name, false, "[from, to, c1, .., c_param_length]");
            case START_PARAM_EDGES -> startParamEdges = readRows(p, name, false, "[to, c1, .., c_param_length]");
            case CONSTANT_EDGES -> constantEdges = readRows(p, name, false, "[from, to, weight]");
            case IS_DISCRETE -> discrete = readBoolean(p, name);
            case WEIGHT_MODE -> checkWeightMode(p);
            case WEIGHT_FORMULA_TAPE -> throw new GraphFormatException(name + at(p.currentTokenLocation())
                    + ": expected no formula tape (jphasic reads linear weights c·θ only), found one. Export the "
                    + "graph from phasic with weight_mode 'linear'");
            default -> p.skipChildren(); // phasic's dyn_ordering, was_dph, and fields of later versions
        }
    }

    private static int readCount(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            if (value == Math.rint(value) && value >= 0 && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
        }
        throw new GraphFormatException(field + at(p.currentTokenLocation()) + ": expected a non-negative "
                + "32-bit integer, found " + describe(p) + ". Write it as a plain number such as 3");
    }

    private static boolean readBoolean(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        throw new GraphFormatException(field + at(p.currentTokenLocation()) + ": expected true or false, found "
                + describe(p) + ". Write it as a JSON boolean");
    }

    private static void checkWeightMode(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING || !"linear".equals(p.getText())) {
            throw new GraphFormatException(WEIGHT_MODE + at(p.currentTokenLocation()) + ": expected \"linear\" "
                    + "(weights c·θ, the only mode jphasic reads), found " + describe(p) + ". Export the graph "
                    + "from phasic with linear weights, or remove the field");
        }
    }

    private static NumberRows readRows(JsonParser p, String field, boolean integers, String rowLayout)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new GraphFormatException(field + at(p.currentTokenLocation()) + ": expected an array of rows "
                    + rowLayout + ", found " + describe(p) + ". Write it as [[..], [..]] or [] when empty");
        }
        NumberRows rows = new NumberRows(field, integers);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new GraphFormatException(field + " row " + rows.rowCount() + at(p.currentTokenLocation())
                        + ": expected a row " + rowLayout + ", found " + describe(p) + ". Write '" + field
                        + "' as an array of rows, e.g. [[..], [..]]");
            }
            int length = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (integers) {
                    rows.add(readInteger(p, field, rows.rowCount(), length));
                } else {
                    rows.add(readReal(p, field, rows.rowCount(), length));
                }
                length++;
            }
            rows.endRow(length);
        }
        return rows;
    }

    private static NumberRows readVector(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new GraphFormatException(field + at(p.currentTokenLocation()) + ": expected an array of "
                    + "integers, found " + describe(p) + ". Write it as [0, 1, 2, ..], or leave it out");
        }
        NumberRows vector = new NumberRows(field, true);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            vector.add(readInteger(p, field, vector.rowCount(), -1));
            vector.endRow(1);
        }
        return vector;
    }

    private static double readReal(JsonParser p, String field, int row, int column) throws IOException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new GraphFormatException(cell(field, row, column) + at(p.currentTokenLocation()) + ": expected "
                    + "a number, found " + describe(p) + ". Rows of '" + field + "' hold numbers only");
        }
        return p.getDoubleValue();
    }

    private static int readInteger(JsonParser p, String field, int row, int column) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            if (value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
        }
        throw new GraphFormatException(cell(field, row, column) + at(p.currentTokenLocation()) + ": expected a "
                + "32-bit integer, found " + describe(p) + ". Entries of '" + field + "' are integers");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Stage 2: cross-field validation in a fixed order, then the graph.

    private Graph build() {
        checkRequiredFields();
        checkMetadata();
        checkStates();
        checkVertexIndices();
        checkColumns(edges, 3, "[from, to, weight]");
        checkColumns(startEdges, 2, "[to, weight]");
        if (constantEdges != null) {
            checkColumns(constantEdges, 3, "[from, to, weight]");
        }
        checkParamEdges();
        checkStartParamEdges();

        GraphBuilder builder = new GraphBuilder(stateLength, parameterCount);
        if (discrete) {
            builder.discrete();
        }
        int[] state = new int[stateLength];
        for (int row = 1; row < vertexCount; row++) {
            states.copyRow(row, state);
            builder.addVertex(state); // by row, never by state: duplicate states stay distinct vertices
        }
        addParameterizedEdges(builder);
        addEdges(builder, edges);
        if (constantEdges != null) {
            addEdges(builder, constantEdges);
        }
        addStartEdges(builder);
        return builder.build();
    }

    private void checkRequiredFields() {
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            if (!seen.contains(field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new GraphFormatException("missing required fields " + missing + ": expected all of " + REQUIRED
                    + ", found " + shownFields() + ". The input is not a complete phasic graph serialization; "
                    + "export the graph again");
        }
    }

    private void checkMetadata() {
        if (vertexCount < 1) {
            throw new GraphFormatException(N_VERTICES + ": expected at least 1 (the starting vertex is row 0), "
                    + "found " + vertexCount + ". Count every vertex, the start included");
        }
        if (stateLength > GraphJson.MAX_STATE_LENGTH) {
            throw new GraphFormatException(STATE_LENGTH + ": expected at most " + GraphJson.MAX_STATE_LENGTH
                    + ", found " + stateLength + ". Such long state vectors are not supported; encode the state "
                    + "more compactly");
        }
        if (parameterCount > GraphJson.MAX_PARAMETERS) {
            throw new GraphFormatException(PARAM_LENGTH + ": expected at most " + GraphJson.MAX_PARAMETERS
                    + ", found " + parameterCount + ". Reduce the number of parameters");
        }
        // The graph keeps param_length coefficients for every edge, constant ones included: bound the product
        // before the builder allocates it, so a small file cannot demand gigabytes.
        long edgeRows = (long) edges.rowCount() + startEdges.rowCount() + paramEdges.rowCount()
                + (constantEdges == null ? 0 : constantEdges.rowCount());
        if (edgeRows * parameterCount > GraphJson.MAX_COEFFICIENTS) {
            throw new GraphFormatException(PARAM_LENGTH + ": expected (edge rows) × param_length ≤ "
                    + GraphJson.MAX_COEFFICIENTS + " coefficients, found " + edgeRows + " × " + parameterCount
                    + " = " + edgeRows * parameterCount + ". Every edge stores param_length coefficients; reduce "
                    + "the number of parameters or split the model");
        }
    }

    private void checkStates() {
        int columns = states.isEmpty() ? stateLength : states.columns();
        if (states.rowCount() != vertexCount || columns != stateLength) {
            throw new GraphFormatException(STATES + ": expected shape (n_vertices, state_length) = ("
                    + vertexCount + ", " + stateLength + "), found " + states.shape() + " (states array shape "
                    + "mismatch). Give one row per vertex (row 0 is the start), or fix n_vertices and state_length");
        }
        for (int j = 0; j < stateLength; j++) {
            if (states.integer(0, j) != 0) {
                throw new GraphFormatException(STATES + " row 0: expected the starting vertex's all-zero state, "
                        + "found " + states.formatRow(0) + ". Row 0 is the starting vertex; put the model's first "
                        + "state in a later row and reach it through start_edges");
            }
        }
    }

    private void checkVertexIndices() {
        if (vertexIndices == null) {
            return; // optional: the identity
        }
        if (vertexIndices.rowCount() != vertexCount) {
            throw new GraphFormatException(VERTEX_INDICES + ": expected n_vertices = " + vertexCount + " entries, "
                    + "found " + vertexIndices.rowCount() + ". Give one index per row of states, or leave the "
                    + "field out (it then defaults to 0, 1, 2, ..)");
        }
        for (int row = 0; row < vertexCount; row++) {
            int index = vertexIndices.integer(row, 0);
            if (row == 0 && index != 0) {
                throw new GraphFormatException(VERTEX_INDICES + " row 0: expected 0 (the starting vertex is row 0), "
                        + "found " + index + ". Reorder the rows so that the starting vertex comes first");
            }
            if (row > 0 && index <= 0) {
                throw new GraphFormatException(VERTEX_INDICES + " row " + row + ": expected a positive index (0 is "
                        + "the starting vertex, row 0), found " + index + ". Only row 0 may be the start");
            }
        }
    }

    private static void checkColumns(NumberRows rows, int columns, String layout) {
        if (!rows.isEmpty() && rows.columns() != columns) {
            throw new GraphFormatException(rows.field() + ": expected rows of " + columns + " numbers " + layout
                    + ", found shape " + rows.shape() + " (" + rows.field() + " array has wrong shape). Write "
                    + "each row as " + layout);
        }
    }

    private void checkParamEdges() {
        if (paramEdges.isEmpty()) {
            return;
        }
        if (parameterCount == 0) {
            throw new GraphFormatException(PARAM_EDGES + ": expected no rows because param_length is 0, found "
                    + "shape " + paramEdges.shape() + ". Set param_length to the number of coefficients per row, or "
                    + "give constant edges in 'edges'");
        }
        if (paramEdges.columns() < 2) {
            throw new GraphFormatException(PARAM_EDGES + ": expected rows [from, to, c1, .., c" + parameterCount
                    + "], found shape " + paramEdges.shape() + " (param_edges array has too few columns). Write "
                    + "each row as [from, to, coefficients..]");
        }
        int coefficients = paramEdges.columns() - 2;
        if (coefficients < parameterCount) {
            throw new GraphFormatException(PARAM_EDGES + ": expected at least param_length = " + parameterCount
                    + " coefficients per row, found " + coefficients + " (shape " + paramEdges.shape() + "; "
                    + "coefficient length < param_length). Add the missing coefficients or lower param_length");
        }
    }

    private void checkStartParamEdges() {
        if (!startParamEdges.isEmpty()) {
            throw new GraphFormatException(START_PARAM_EDGES + ": expected no rows (initial probabilities are "
                    + "constants; phasic also always writes this array empty), found shape "
                    + startParamEdges.shape() + ". Give the initial probabilities as constant weights in "
                    + "'start_edges'");
        }
    }

    private void addParameterizedEdges(GraphBuilder builder) {
        double[] coefficients = new double[parameterCount];
        for (int row = 0; row < paramEdges.rowCount(); row++) {
            int from = vertexAt(paramEdges, row, 0, "from");
            int to = vertexAt(paramEdges, row, 1, "to");
            for (int k = 0; k < parameterCount; k++) {
                coefficients[k] = paramEdges.real(row, 2 + k);
            }
            for (int k = parameterCount; k < paramEdges.columns() - 2; k++) {
                if (paramEdges.real(row, 2 + k) != 0) {
                    throw new GraphFormatException(PARAM_EDGES + " row " + row + " " + paramEdges.formatRow(row)
                            + ": expected coefficients beyond param_length = " + parameterCount + " to be 0, found "
                            + "c" + (k + 1) + " = " + paramEdges.real(row, 2 + k) + ". Raise param_length to cover "
                            + "every coefficient, or remove the extra columns");
                }
            }
            try {
                builder.addParameterizedEdge(from, to, coefficients);
            } catch (InvalidGraphException e) {
                throw inRow(paramEdges, row, e);
            }
        }
    }

    private void addEdges(GraphBuilder builder, NumberRows rows) {
        for (int row = 0; row < rows.rowCount(); row++) {
            int from = vertexAt(rows, row, 0, "from");
            int to = vertexAt(rows, row, 1, "to");
            try {
                builder.addEdge(from, to, rows.real(row, 2));
            } catch (InvalidGraphException e) {
                throw inRow(rows, row, e);
            }
        }
    }

    private void addStartEdges(GraphBuilder builder) {
        for (int row = 0; row < startEdges.rowCount(); row++) {
            int to = vertexAt(startEdges, row, 0, "to");
            try {
                builder.addEdge(Graph.START, to, startEdges.real(row, 1));
            } catch (InvalidGraphException e) {
                throw inRow(startEdges, row, e);
            }
        }
    }

    private int vertexAt(NumberRows rows, int row, int column, String role) {
        double value = rows.real(row, column);
        if (value == Math.rint(value) && value >= 0 && value < vertexCount) {
            return (int) value;
        }
        throw new GraphFormatException(rows.field() + " row " + row + " " + rows.formatRow(row) + ": expected '"
                + role + "' to be a vertex index, an integer in [0, " + vertexCount + "), found "
                + NumberRows.format(value) + ". Vertex indices are row numbers of 'states'");
    }

    private static InvalidGraphException inRow(NumberRows rows, int row, InvalidGraphException cause) {
        InvalidGraphException e = new InvalidGraphException(rows.field() + " row " + row + " "
                + rows.formatRow(row) + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Message helpers: every message is one line.

    private String shownFields() {
        List<String> names = new ArrayList<>();
        for (String name : seen) {
            if (names.size() == SHOWN_FIELDS) {
                names.add("... (" + seen.size() + " fields)");
                break;
            }
            names.add(printable(name));
        }
        return "fields " + names;
    }

    private static String cell(String field, int row, int column) {
        return field + " row " + row + (column >= 0 ? " column " + column : "");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case END_ARRAY -> "the end of an array";
            case END_OBJECT -> "the end of an object";
            case VALUE_STRING -> "the string \"" + printable(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + printable(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case VALUE_NULL -> "null";
            default -> printable(p.getText());
        };
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : oneLine(e.getMessage());
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : " (" + message + ")");
    }

    /** Shortens text and replaces control characters, so messages stay on one line. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), SHOWN_TEXT);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > limit) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        // Jackson names the (redacted) source inside nested locations; the line and column are what help
        return text.replaceAll("Source: [^;\\]]*; ", "").replaceAll("\\s+", " ").trim();
    }
}
