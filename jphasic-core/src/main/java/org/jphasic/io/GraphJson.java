package org.jphasic.io;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jphasic.GraphFormatException;
import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;

/**
 * Reads and writes graphs in the JSON format of phasic's {@code Graph.serialize()} / {@code from_serialized()}
 * (version 0.22 convention), so graphs travel both ways between jphasic and phasic.
 *
 * <h2>Fields</h2>
 * <table>
 * <caption>graph document fields</caption>
 * <tr><th>field</th><th>shape</th><th>content</th></tr>
 * <tr><td>{@code n_vertices}</td><td>int</td><td>vertex count, start included (required)</td></tr>
 * <tr><td>{@code state_length}</td><td>int</td><td>length of every state (required)</td></tr>
 * <tr><td>{@code param_length}</td><td>int</td><td>length of θ, 0 for a constant graph (required)</td></tr>
 * <tr><td>{@code states}</td><td>(n_vertices, state_length) ints</td><td>row r is vertex r; row 0 is the
 * start, all zeros (required)</td></tr>
 * <tr><td>{@code start_edges}</td><td>(k, 2)</td><td>{@code [to, probability]}: initial probabilities
 * (required)</td></tr>
 * <tr><td>{@code edges}</td><td>(m, 3)</td><td>{@code [from, to, weight]}: constant edges (required)</td></tr>
 * <tr><td>{@code param_edges}</td><td>(p, 2 + L), L ≥ param_length</td><td>{@code [from, to, c1 .. cL]}:
 * parameterized edges, weight c·θ (required)</td></tr>
 * <tr><td>{@code start_param_edges}</td><td>(0, ·)</td><td>always empty (required)</td></tr>
 * <tr><td>{@code vertex_indices}</td><td>(n_vertices,) ints</td><td>phasic's own vertex index per row; only
 * row 0 may be 0 (optional, identity when absent)</td></tr>
 * <tr><td>{@code constant_edges}</td><td>(c, 3)</td><td>{@code [from, to, weight]}: more constant edges
 * (optional)</td></tr>
 * <tr><td>{@code is_discrete}</td><td>bool</td><td>discrete phase-type graph (optional, false)</td></tr>
 * <tr><td>{@code weight_mode}</td><td>string</td><td>must be {@code "linear"} when present</td></tr>
 * </table>
 * An empty array is {@code []} whatever its numpy shape ({@code (0,)} or {@code (0,k)}); indices may be
 * written as floats ({@code 2.0}), as numpy float arrays produce. Every other field ({@code dyn_ordering},
 * {@code was_dph}, fields of later versions) is skipped. Vertices are created by row, never looked up by
 * state, so rows with equal states stay distinct vertices; row 0 is the existing start vertex.
 *
 * <h2>Validation order</h2>
 * <b>Stage 1</b>, while reading, in document order: the input is UTF-8 JSON, one object and nothing after it,
 * nested at most {@value #MAX_NESTING_DEPTH} deep with numbers of at most {@value #MAX_NUMBER_LENGTH}
 * characters; no field appears twice; every known field has its JSON type: the three counts are non-negative
 * 32-bit integers, matrix fields are arrays of equally long rows of numbers ({@code NaN} and {@code Infinity}
 * tokens are read, and rejected later as weights), {@code states} and {@code vertex_indices} hold 32-bit
 * integers, {@code is_discrete} is a boolean, {@code weight_mode} is {@code "linear"}, and there is no
 * {@code weight_formula_tape}.
 * <br><b>Stage 2</b>, after reading, in this fixed order: (1) all required fields present; (2) n_vertices ≥ 1,
 * state_length ≤ {@value #MAX_STATE_LENGTH}, param_length ≤ {@value #MAX_PARAMETERS}, and (edge rows of all
 * edge arrays) × param_length ≤ {@value #MAX_COEFFICIENTS}; (3) {@code states} has
 * shape (n_vertices, state_length) and row 0 is all zeros; (4) {@code vertex_indices}, if present, has
 * n_vertices entries, entry 0 is 0 and the others are positive; (5) {@code edges} and {@code constant_edges}
 * have 3 columns, {@code start_edges} 2; (6) {@code param_edges} is empty when param_length is 0, else has at
 * least 2 + param_length columns; (7) {@code start_param_edges} is empty; (8) row by row, in the order
 * {@code param_edges}, {@code edges}, {@code constant_edges}, {@code start_edges}: indices are integers in
 * [0, n_vertices), coefficients beyond param_length are zero, and the graph builder accepts the edge; (9) the
 * builder validates the whole graph.
 *
 * <p>Steps 1–8 failures and stage 1 failures are {@link GraphFormatException}s whose one-line message names
 * the field (and row), what was expected, what was found and what to do. Failures of the builder (a negative or
 * non-finite weight, a self-loop, an edge into the start, a parameterized start edge) are
 * {@link InvalidGraphException}s prefixed with the field and row; whole-graph problems of step 9 (a closed
 * class, a vertex whose rates are all zero, initial probabilities above one, a constant and a parameterized edge
 * between the same pair) are the builder's {@link InvalidGraphException}, naming the vertices. Nothing else
 * escapes: parser errors, I/O errors and limits become {@link GraphFormatException}s. Memory grows with the
 * numbers present in the input, never with a declared size.
 *
 * <p>Choices where phasic is looser: coefficients beyond param_length are accepted only when zero;
 * {@code param_edges} rows with param_length 0, non-empty {@code start_param_edges} and formula weights are
 * rejected; a duplicated edge (same from and to) is merged by summing, as {@code GraphBuilder} does. An all-zero
 * coefficient row loads as a parameterized edge with zero coefficients, provided its vertex has an edge that can
 * be positive.
 *
 * <h2>Writing</h2>
 * Constant edges out of non-start vertices go to {@code edges}, parameterized ones to {@code param_edges}
 * (param_length + 2 columns), the start's to {@code start_edges}; {@code start_param_edges} and
 * {@code constant_edges} are empty, {@code vertex_indices} is the identity, indices are integers and weights
 * are written so that they read back bit for bit.
 *
 * <pre>{@code
 * Graph g = GraphJson.read(Path.of("rabbits.json"));
 * GraphJson.write(g, Path.of("copy.json"));          // atomic: temporary file + rename
 * String json = GraphJson.toJson(g);
 * Graph same = GraphJson.parse(json);
 * }</pre>
 *
 * <p>Cost: reading and writing are O(size of the document) with one streaming pass; reading holds the numbers
 * in primitive arrays until the graph is built.
 */
public final class GraphJson {
    /** The deepest nesting accepted; a graph document needs 3 levels. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The longest number token accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** The longest state vector accepted. */
    public static final int MAX_STATE_LENGTH = 4096;
    /** The largest parameter count accepted. */
    public static final int MAX_PARAMETERS = 65_536;
    /** The largest (number of edges) × param_length accepted: the graph stores that many coefficients. */
    public static final long MAX_COEFFICIENTS = 1L << 25;

    private GraphJson() {
    }

    /**
     * Reads a graph file.
     *
     * @param file the file
     * @return the graph
     * @throws GraphFormatException  if the file cannot be read or breaks the format
     * @throws InvalidGraphException if the graph it describes is invalid
     */
    public static Graph read(Path file) {
        String description = "graph file '" + file + "'";
        try (InputStream in = Files.newInputStream(file)) {
            return GraphJsonReader.read(() -> GraphJsonReader.FACTORY.createParser(in), description);
        } catch (IOException e) {
            throw GraphJsonReader.unreadable(description, e);
        } catch (GraphFormatException e) {
            // every message names the file, so a user with several inputs knows which one is wrong
            if (e.getMessage().contains(description)) {
                throw e;
            }
            throw new GraphFormatException(description + ": " + e.getMessage(), e);
        } catch (InvalidGraphException e) {
            throw new InvalidGraphException(description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a graph from a stream of UTF-8 (or UTF-16/32, detected) JSON. The parser reads ahead in blocks, so
     * the stream may be consumed beyond the document; it is not closed.
     *
     * @param in the input
     * @return the graph
     * @throws GraphFormatException  if the input cannot be read or breaks the format
     * @throws InvalidGraphException if the graph it describes is invalid
     */
    public static Graph read(InputStream in) {
        return GraphJsonReader.read(() -> GraphJsonReader.FACTORY.createParser(in), "graph input stream");
    }

    /**
     * Reads a graph from characters. The parser reads ahead in blocks, so the reader may be consumed beyond the
     * document; it is not closed.
     *
     * @param reader the input
     * @return the graph
     * @throws GraphFormatException  if the input cannot be read or breaks the format
     * @throws InvalidGraphException if the graph it describes is invalid
     */
    public static Graph read(Reader reader) {
        return GraphJsonReader.read(() -> GraphJsonReader.FACTORY.createParser(reader), "graph reader");
    }

    /**
     * Reads a graph from a JSON string.
     *
     * @param json the document
     * @return the graph
     * @throws GraphFormatException  if the document breaks the format
     * @throws InvalidGraphException if the graph it describes is invalid
     */
    public static Graph parse(String json) {
        return GraphJsonReader.read(() -> GraphJsonReader.FACTORY.createParser(json), "graph JSON string");
    }

    /**
     * Writes a graph file atomically (see {@link AtomicFiles}): readers never see a partial file, and on failure
     * the previous file, if any, is unchanged.
     *
     * @param graph the graph. Not modified.
     * @param file  the file to create or replace; its directory must exist
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Graph graph, Path file) {
        try {
            AtomicFiles.write(file, out -> writeTo(graph, out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write graph file '" + file + "': " + e, e);
        }
    }

    /**
     * Writes a graph as JSON to a character stream, which is flushed and not closed.
     *
     * @param graph  the graph. Not modified.
     * @param writer receives the document. Modified.
     * @throws UncheckedIOException if the writer fails
     */
    public static void write(Graph graph, Writer writer) {
        try (JsonGenerator generator = GraphJsonReader.FACTORY.createGenerator(writer)) {
            writeDocument(graph, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write graph JSON: " + e, e);
        }
    }

    /**
     * The JSON document of a graph.
     *
     * @param graph the graph. Not modified.
     * @return the document, as {@link #write(Graph, Writer)} writes it
     */
    public static String toJson(Graph graph) {
        StringWriter out = new StringWriter();
        write(graph, out);
        return out.toString();
    }

    private static void writeTo(Graph graph, OutputStream out) throws IOException {
        try (JsonGenerator generator = GraphJsonReader.FACTORY.createGenerator(out)) {
            writeDocument(graph, generator);
        }
    }

    private static void writeDocument(Graph graph, JsonGenerator generator) throws IOException {
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        GraphJsonWriter.write(graph, generator);
        generator.writeRaw('\n');
    }
}
