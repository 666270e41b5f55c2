package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.jphasic.GraphFormatException;
import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;
import org.jphasic.moments.Moments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference's serialization error cases (trace-cache.md §2.3 and §9.1) and the other checks of the documented
 * validation order: each failure is the documented exception type with a one-line message naming the field.
 */
class GraphJsonValidationTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"states", "edges", "start_edges", "param_edges", "start_param_edges", "param_length",
        "state_length", "n_vertices"})
    void eachMissingRequiredFieldIsNamed(String field) {
        assertFormatError(GraphDocument.constant().without(field), "missing required fields [" + field + "]");
    }

    @Test
    void allMissingFieldsAreListedTogether() {
        assertFormatError(GraphDocument.constant().without("edges").without("n_vertices"),
                "missing required fields [edges, n_vertices]");
    }

    @ParameterizedTest(name = "n_vertices = {0}")
    @ValueSource(strings = {"\"not_an_int\"", "2.5", "-1", "true", "null", "[3]", "2147483648", "1e308", "NaN"})
    void nVerticesMustBeANonNegativeInteger(String value) {
        assertFormatError(GraphDocument.constant().with("n_vertices", value), "n_vertices");
    }

    @Test
    void integralFloatCountsAreAccepted() {
        Graph g = parse(GraphDocument.constant().with("n_vertices", "3.0").with("param_length", "0.0"));
        assertThat(g.vertexCount()).isEqualTo(3);
    }

    @Test
    void statesShapeMustMatchTheMetadata() {
        assertFormatError(GraphDocument.constant().with("n_vertices", "2"), "states: expected shape (n_vertices, "
                + "state_length) = (2, 1), found (3, 1)");
        assertFormatError(GraphDocument.constant().with("state_length", "2"), "states array shape mismatch");
        assertFormatError(GraphDocument.constant().with("states", "[]"), "found (0,)");
    }

    @Test
    void raggedStatesAreRejectedAtTheRow() {
        assertFormatError(GraphDocument.constant().with("states", "[[0], [1, 1], [0]]"), "states row 1");
    }

    @Test
    void statesMustBeIntegers() {
        assertFormatError(GraphDocument.constant().with("states", "[[0], [1.5], [0]]"), "states row 1 column 0");
        assertFormatError(GraphDocument.constant().with("states", "[[0], [4294967296], [0]]"), "32-bit integer");
        assertFormatError(GraphDocument.constant().with("states", "[[0], [\"a\"], [0]]"), "states row 1");
        assertFormatError(GraphDocument.constant().with("states", "[0, 1, 0]"), "states row 0");
    }

    @Test
    void theStartRowMustBeAllZeros() {
        assertFormatError(GraphDocument.constant().with("states", "[[5], [1], [0]]"), "states row 0");
    }

    @Test
    void edgesOfTheWrongShapeAreRejected() {
        assertFormatError(GraphDocument.constant().with("edges", "[[0, 1]]"), "edges array has wrong shape");
        assertFormatError(GraphDocument.constant().with("edges", "[[]]"), "edges");
        assertFormatError(GraphDocument.constant().with("start_edges", "[[1, 1.0, 0.0]]"), "start_edges");
        assertFormatError(GraphDocument.constant().with("constant_edges", "[[1, 2]]"), "constant_edges");
        assertFormatError(GraphDocument.constant().with("edges", "{\"from\": 1}"), "edges");
        assertFormatError(GraphDocument.constant().with("edges", "[[1, 2, \"2.0\"]]"), "edges row 0 column 2");
    }

    @Test
    void paramEdgesWithTooFewColumnsAreRejected() {
        assertFormatError(GraphDocument.parameterized().with("param_edges", "[[1]]"), "too few columns");
        // the reference's case: 4 columns (2 coefficients) with param_length = 3
        assertFormatError(GraphDocument.parameterized().with("param_length", "3"),
                "coefficient length < param_length");
    }

    @Test
    void aCoefficientRowShorterThanParamLengthIsRejected() {
        assertFormatError(GraphDocument.parameterized().with("param_edges",
                "[[1, 2, 1.0, 0.0], [2, 3, 1.0], [1, 3, 0.5, 0.5]]"), "param_edges row 1");
    }

    @Test
    void extraCoefficientsAreAcceptedOnlyWhenZero() {
        Graph g = parse(GraphDocument.parameterized().with("param_length", "1")
                .with("param_edges", "[[1, 2, 1.0, 0.0], [2, 3, 2.0, 0.0], [1, 3, 0.5, -0.0]]"));
        assertThat(g.parameterCount()).isEqualTo(1);
        assertFormatError(GraphDocument.parameterized().with("param_length", "1")
                .with("param_edges", "[[1, 2, 1.0, 0.0], [2, 3, 0.5, 1.0]]"), "param_edges row 1");
    }

    @Test
    void anEdgeToAMissingVertexIsRejected() {
        // the reference's case: an edge to vertex 5 in a 3-vertex graph
        assertFormatError(GraphDocument.constant().with("edges", "[[1, 5, 1.0]]"),
                "edges row 0 [1, 5, 1]: expected 'to' to be a vertex index, an integer in [0, 3), found 5");
    }

    @ParameterizedTest(name = "index {0}")
    @ValueSource(strings = {"-1", "1.5", "4", "1e308", "NaN", "-Infinity", "2147483648"})
    void badIndicesAreRejectedInEveryEdgeArray(String index) {
        assertFormatError(GraphDocument.constant().with("edges", "[[" + index + ", 2, 1.0]]"), "edges row 0");
        assertFormatError(GraphDocument.constant().with("edges", "[[1, 2, 1.0], [1, " + index + ", 1.0]]"),
                "edges row 1");
        assertFormatError(GraphDocument.constant().with("start_edges", "[[" + index + ", 1.0]]"), "start_edges row 0");
        assertFormatError(GraphDocument.constant().with("constant_edges", "[[1, " + index + ", 1.0]]"),
                "constant_edges row 0");
        assertFormatError(GraphDocument.parameterized().with("param_edges", "[[" + index + ", 2, 1.0, 0.0]]"),
                "param_edges row 0");
    }

    @Test
    void paramLengthZeroLoadsWithEmptyParameterArrays() {
        Graph g = parse(GraphDocument.constant());
        assertThat(g.parameterCount()).isZero();
        assertThat(g.isParameterized()).isFalse();
        assertThat(Moments.of(g).expectation()).isEqualTo(0.5);
    }

    @Test
    void constantEdgesAreLoadedAfterTheOtherEdges() {
        // states S, a, b, absorbing: a → b at 3 (edges), b → absorbing at 4 (constant_edges); E[T] = 1/3 + 1/4
        Graph g = parse(new GraphDocument().with("states", "[[0], [1], [2], [0]]").with("edges", "[[1, 2, 3.0]]")
                .with("constant_edges", "[[2, 3, 4.0]]").with("start_edges", "[[1, 1.0]]")
                .with("param_edges", "[]").with("start_param_edges", "[]").with("param_length", "0")
                .with("state_length", "1").with("n_vertices", "4"));
        assertThat(g.outDegree(2)).isEqualTo(1);
        assertThat(g.edgeWeight(g.edgeStart(2))).isEqualTo(4.0);
        assertThat(g.isAbsorbing(3)).isTrue();
        assertThat(Moments.of(g).expectation()).isCloseTo(1.0 / 3 + 1.0 / 4, within(1e-15));
    }

    @Test
    void paramEdgeRowsNeedAPositiveParamLength() {
        assertFormatError(GraphDocument.constant().with("param_edges", "[[1, 2, 1.0]]"),
                "param_edges: expected no rows because param_length is 0");
    }

    @Test
    void emptyArraysLoadInEitherNumpyShape() {
        // numpy's (0,) and (0, k) both become [] in JSON; a graph of the start alone has only empty arrays
        Graph g = parse(new GraphDocument().with("states", "[[0, 0]]").with("edges", "[]")
                .with("start_edges", "[]").with("param_edges", "[]").with("start_param_edges", "[]")
                .with("param_length", "3").with("state_length", "2").with("n_vertices", "1")
                .with("constant_edges", "[]").with("vertex_indices", "[0]"));
        assertThat(g.vertexCount()).isEqualTo(1);
        assertThat(g.parameterCount()).isEqualTo(3);
        assertThat(g.defect()).isEqualTo(1.0);
        // a vertex that nothing reaches and that has no edges is absorbing
        Graph lonely = parse(GraphDocument.constant().with("edges", "[]"));
        assertThat(lonely.isAbsorbing(1)).isTrue();
    }

    @Test
    void theStartVertexIsReusedAndDuplicateStatesStayDistinct() {
        Graph g = parse(GraphDocument.constant());
        assertThat(g.vertexCount()).as("row 0 is the start, not a new vertex").isEqualTo(3);
        assertThat(g.outDegree(Graph.START)).isEqualTo(1);
        assertThat(g.edgeTarget(g.edgeStart(Graph.START))).isEqualTo(1);
        assertThat(g.state(2)).as("the absorbing row has the start's state but is its own vertex")
                .containsExactly(0);
        assertThat(g.isAbsorbing(2)).isTrue();
    }

    @Test
    void vertexIndicesAreOptionalAndOnlyRowZeroIsTheStart() {
        Graph g = parse(GraphDocument.constant().without("vertex_indices"));
        assertThat(g.vertexCount()).isEqualTo(3);
        assertThat(parse(GraphDocument.constant().with("vertex_indices", "[0, 7, 3]")).vertexCount()).isEqualTo(3);
        assertFormatError(GraphDocument.constant().with("vertex_indices", "[0, 1]"), "vertex_indices: expected "
                + "n_vertices = 3 entries, found 2");
        assertFormatError(GraphDocument.constant().with("vertex_indices", "[1, 0, 2]"), "vertex_indices row 0");
        assertFormatError(GraphDocument.constant().with("vertex_indices", "[0, 0, 2]"), "vertex_indices row 1");
        assertFormatError(GraphDocument.constant().with("vertex_indices", "[0, 1.5, 2]"), "vertex_indices row 1");
        assertFormatError(GraphDocument.constant().with("vertex_indices", "[[0], [1], [2]]"), "vertex_indices");
    }

    @Test
    void parameterizedStartEdgesAreRejected() {
        assertFormatError(GraphDocument.parameterized().with("start_param_edges", "[[1, 1.0, 0.0]]"),
                "start_param_edges");
    }

    @Test
    void phasicFlagsAreToleratedAndFormulaWeightsRejected() {
        Graph g = parse(GraphDocument.constant().with("weight_mode", "\"linear\"").with("dyn_ordering", "true")
                .with("was_dph", "\"anything\"").with("future_field", "{\"a\": [1, {\"b\": null}]}"));
        assertThat(g.vertexCount()).isEqualTo(3);
        assertFormatError(GraphDocument.constant().with("weight_mode", "\"formula\""), "weight_mode");
        assertFormatError(GraphDocument.constant().with("weight_formula_tape", "{}"), "weight_formula_tape");
        assertFormatError(GraphDocument.constant().with("is_discrete", "1"), "is_discrete");
    }

    @Test
    void isDiscreteMakesADiscreteGraph() {
        Graph g = parse(GraphDocument.constant().with("edges", "[[1, 2, 0.25]]").with("is_discrete", "true"));
        assertThat(g.isDiscrete()).isTrue();
        assertThat(Moments.of(g).expectation()).as("geometric with success 1/4").isEqualTo(4.0);
    }

    @Test
    void invalidWeightsAndEdgesAreGraphErrorsNamingTheRow() {
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 2, -2.0]]"), "edges row 0");
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 2, NaN]]"), "edges row 0");
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 2, Infinity]]"), "edges row 0");
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 2, 2.0], [2, 2, 1.0]]"), "edges row 1");
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 0, 2.0]]"), "edges row 0");
        assertGraphError(GraphDocument.constant().with("start_edges", "[[1, -1.0]]"), "start_edges row 0");
        assertGraphError(GraphDocument.parameterized().with("param_edges", "[[0, 2, 1.0, 0.0]]"),
                "param_edges row 0");
        assertGraphError(GraphDocument.parameterized().with("param_edges", "[[1, 2, NaN, 0.0]]"),
                "param_edges row 0");
    }

    @Test
    void wholeGraphProblemsAreTheBuildersErrors() {
        // 1 ⇄ 2 with no way out: a closed class
        assertGraphError(GraphDocument.constant().with("edges", "[[1, 2, 1.0], [2, 1, 1.0]]")
                .with("states", "[[0], [1], [2]]"), "closed class");
        assertGraphError(GraphDocument.constant().with("start_edges", "[[1, 0.75], [2, 0.5]]"),
                "initial probabilities");
        // a constant and a parameterized edge between the same pair cannot be merged
        assertGraphError(GraphDocument.parameterized().with("edges", "[[1, 2, 1.0]]"), "mix a constant");
    }

    @Test
    void allZeroCoefficientRowsLoadWhenTheirVertexCanLeave() {
        // phasic writes every non-start edge to param_edges, zero rows included
        Graph g = parse(GraphDocument.parameterized().with("param_edges",
                "[[1, 2, 1.0, 0.0], [2, 3, 0.0, 1.0], [1, 3, 0.0, 0.0]]"));
        assertThat(g.outDegree(1)).isEqualTo(2);
        assertThat(Moments.of(g.at(new double[] {2, 4})).expectation()).isEqualTo(0.5 + 0.25);
        // a vertex whose only edges are all zero has no way out at any θ
        assertGraphError(GraphDocument.parameterized().with("param_edges",
                "[[1, 2, 1.0, 0.0], [2, 3, 0.0, 0.0]]"), "total rate is zero");
    }

    @Test
    void documentLevelProblemsAreFormatErrors() {
        assertFormatError("", "the document is empty");
        assertFormatError("[]", "expected a JSON object");
        assertFormatError("\"graph\"", "expected a JSON object");
        assertFormatError(GraphDocument.constant().json() + " {}", "expected nothing after the graph object");
        assertFormatError(GraphDocument.constant().json() + " }", "not valid JSON");
        String json = GraphDocument.constant().json();
        assertFormatError(json.substring(0, json.length() / 2), "not valid JSON");
        assertFormatError("{\"edges\": [], " + json.substring(1), "field 'edges'");
        assertFormatError("{\"states\": [[0], [1], [0]}", "not valid JSON");
    }

    @Test
    void hugeDeclaredSizesFailWithoutAllocating() {
        assertFormatError(GraphDocument.constant().with("n_vertices", "2000000000"), "states");
        assertFormatError(GraphDocument.constant().with("n_vertices", "2147483647"), "states");
        assertFormatError(GraphDocument.constant().with("state_length", "1000000000"), "state_length");
        assertFormatError(GraphDocument.constant().with("param_length", "2147483647"), "param_length");
        assertFormatError(GraphDocument.constant().with("n_vertices", "9" + "0".repeat(2000)), "parser limit");
    }

    @Test
    void manyEdgesTimesManyParametersFailWithoutAllocating() {
        // 39,999 edges would each carry 65,536 coefficient slots: 21 GB from a 1 MB document
        int n = 40_000;
        StringBuilder states = new StringBuilder("[[0]");
        StringBuilder edges = new StringBuilder("[");
        for (int i = 1; i < n; i++) {
            states.append(", [").append(i).append(']');
            if (i < n - 1) {
                edges.append(i == 1 ? "" : ", ").append('[').append(i).append(", ").append(i + 1).append(", 1.0]");
            }
        }
        assertFormatError(GraphDocument.constant().with("states", states + "]").with("edges", edges + "]")
                .with("n_vertices", String.valueOf(n)).with("param_length", "65536"),
                "param_length: expected (edge rows) × param_length ≤ 33554432 coefficients, found 39999 × 65536");
        // at the limit's edge a graph with many parameters still loads
        Graph g = parse(GraphDocument.constant().with("param_length", "65536"));
        assertThat(g.parameterCount()).isEqualTo(65_536);
    }

    @Test
    void deepNestingFailsWithoutOverflowingTheStack() {
        assertFormatError("[".repeat(10_000), "expected a JSON object");
        assertFormatError("{\"states\": " + "[".repeat(10_000), "states row 0 column 0");
        assertFormatError("{\"unknown\": " + "[".repeat(10_000), "parser limit");
        assertFormatError(GraphDocument.constant().with("future_field", "[".repeat(100) + "]".repeat(100)),
                "parser limit");
        assertFormatError(GraphDocument.constant().with("edges", "[[[1, 2, 2.0]]]"), "edges row 0 column 0");
    }

    @Test
    void unreadableFilesAreFormatErrors(@TempDir Path dir) {
        Throwable missing = catchThrowable(() -> GraphJson.read(dir.resolve("absent.json")));
        assertThat(missing).isInstanceOf(GraphFormatException.class).hasMessageContaining("absent.json")
                .hasMessageContaining("no such file");
        Throwable directory = catchThrowable(() -> GraphJson.read(dir));
        assertThat(directory).isInstanceOf(GraphFormatException.class).hasMessageContaining(dir.toString());
    }

    @Test
    void invalidUtf8IsAFormatError() {
        byte[] bytes = GraphDocument.constant().json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        bytes[20] = (byte) 0xC3; // starts a two-byte sequence that the next byte does not continue
        bytes[21] = (byte) 0x28;
        Throwable t = catchThrowable(() -> GraphJson.read(new java.io.ByteArrayInputStream(bytes)));
        assertThat(t).isInstanceOf(GraphFormatException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
    }

    private static Graph parse(GraphDocument document) {
        return GraphJson.parse(document.json());
    }

    private static void assertFormatError(GraphDocument document, String expected) {
        assertFormatError(document.json(), expected);
    }

    private static void assertFormatError(String json, String expected) {
        Throwable t = catchThrowable(() -> GraphJson.parse(json));
        assertThat(t).as(json.length() > 300 ? json.substring(0, 300) : json)
                .isExactlyInstanceOf(GraphFormatException.class);
        assertOneLineNaming(t, expected);
    }

    private static void assertGraphError(GraphDocument document, String expected) {
        Throwable t = catchThrowable(() -> GraphJson.parse(document.json()));
        assertThat(t).as(document.json()).isExactlyInstanceOf(InvalidGraphException.class);
        assertOneLineNaming(t, expected);
    }

    private static void assertOneLineNaming(Throwable t, String expected) {
        assertThat(t.getMessage()).contains(expected).doesNotContain("\n").doesNotContain("\r");
    }
}
