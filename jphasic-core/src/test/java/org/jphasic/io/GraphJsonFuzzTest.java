package org.jphasic.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jphasic.GraphFormatException;
import org.jphasic.InvalidGraphException;
import org.jphasic.graph.Graph;
import org.jphasic.testing.RandomGraphs;
import org.jphasic.testing.RandomGraphs.Options;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded mutations of valid graph documents: each either loads a valid graph or fails with a
 * {@link GraphFormatException} or {@link InvalidGraphException} carrying a one-line message. Any other exception,
 * or a hang, fails the test and names the mutation.
 */
class GraphJsonFuzzTest {
    private static final int MUTATIONS = 10_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final String[] SPECIAL_NUMBERS = {"NaN", "Infinity", "-Infinity", "-1", "1e308", "-1e308",
        "2147483648", "4294967296", "-2147483649", "1.5", "-0.0", "0", "1e-400", "\"7\"", "null", "true", "[]",
        "{}", "9".repeat(1500), "1e99999"};

    private enum Kind {
        DELETE_FIELD, DUPLICATE_FIELD, RETYPE_FIELD, CHANGE_COUNT, CHANGE_CELL, RESHAPE_ROW, TRUNCATE,
        FLIP_BYTES, NEST_DEEPLY, REPLACE_NUMBER_TOKEN, INSERT_OR_DELETE_TEXT
    }

    @Test
    void mutatedDocumentsLoadOrFailWithAGraphException() {
        List<String> bases = baseDocuments();
        int[] outcomes = new int[3]; // loaded, format error, graph error
        int[] kindsUsed = new int[Kind.values().length];
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                SplittableRandom rng = new SplittableRandom(0x5eedL * 1_000_003 + i);
                String base = bases.get(rng.nextInt(bases.size()));
                Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
                kindsUsed[kind.ordinal()]++;
                byte[] input = mutate(base, kind, rng);
                outcomes[load(input, "mutation " + i + " (" + kind + ")")]++;
            }
        });
        String counts = " (loaded, format errors, graph errors: " + java.util.Arrays.toString(outcomes) + ")";
        assertThat(outcomes[0]).as("some mutations still load" + counts).isGreaterThan(100);
        assertThat(outcomes[1]).as("format errors" + counts).isGreaterThan(1000);
        assertThat(outcomes[2]).as("graph errors" + counts).isGreaterThan(50);
        assertThat(kindsUsed).as("every kind of mutation ran").doesNotContain(0);
    }

    /** @return 0 if the input loaded, 1 for a format error, 2 for a graph error */
    private static int load(byte[] input, String what) {
        try {
            Graph g = GraphJson.read(new ByteArrayInputStream(input));
            Graph again = GraphJson.parse(GraphJson.toJson(g));
            GraphAssertions.assertSameGraph(again, g, what + " reloaded");
            return 0;
        } catch (GraphFormatException e) {
            checkMessage(e, what);
            return 1;
        } catch (InvalidGraphException e) {
            checkMessage(e, what);
            return 2;
        } catch (RuntimeException | Error e) {
            String text = new String(input, StandardCharsets.UTF_8);
            fail(what + " threw " + e + " for input " + (text.length() > 400 ? text.substring(0, 400) + "..." : text),
                    e);
            return -1;
        }
    }

    private static void checkMessage(RuntimeException e, String what) {
        assertThat(e.getMessage()).as(what).isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }

    private static List<String> baseDocuments() {
        List<String> bases = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            bases.add(GraphJson.toJson(RandomGraphs.random(seed, Options.continuous(12)).build()));
            bases.add(GraphJson.toJson(RandomGraphs.random(seed, Options.parameterized(12, 2)).build()));
            bases.add(GraphJson.toJson(RandomGraphs.random(seed, Options.discrete(12)).build()));
        }
        bases.add(GraphDocument.constant().json());
        bases.add(GraphDocument.parameterized().with("is_discrete", "false").with("weight_mode", "\"linear\"")
                .with("constant_edges", "[]").json());
        for (String base : bases) {
            GraphJson.parse(base); // every base is valid
        }
        return bases;
    }

    private static byte[] mutate(String base, Kind kind, SplittableRandom rng) throws JsonProcessingException {
        if (kind == Kind.FLIP_BYTES) {
            byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + rng.nextInt(5); k > 0; k--) {
                bytes[rng.nextInt(bytes.length)] ^= (byte) (1 << rng.nextInt(8));
            }
            return bytes;
        }
        ObjectNode root = (ObjectNode) MAPPER.readTree(base);
        List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        String name = names.get(rng.nextInt(names.size()));
        String text = switch (kind) {
            case DELETE_FIELD -> {
                root.remove(name);
                yield MAPPER.writeValueAsString(root);
            }
            case DUPLICATE_FIELD -> "{\"" + name + "\": " + MAPPER.writeValueAsString(randomValue(root.get(name), rng))
                    + ", " + base.substring(base.indexOf('{') + 1);
            case RETYPE_FIELD -> {
                root.set(name, randomValue(root.get(name), rng));
                yield MAPPER.writeValueAsString(root);
            }
            case CHANGE_COUNT -> {
                String field = new String[] {"n_vertices", "state_length", "param_length"}[rng.nextInt(3)];
                int n = root.path("n_vertices").asInt();
                long[] values = {0, 1, n - 1L, n + 1L, 2, 3, 65_536, Integer.MAX_VALUE, 1L << 31, -1, 1_000_000};
                root.put(field, values[rng.nextInt(values.length)]);
                yield MAPPER.writeValueAsString(root);
            }
            case CHANGE_CELL -> {
                ArrayNode row = randomRow(root, rng);
                if (row != null && row.size() > 0) {
                    int n = root.path("n_vertices").asInt();
                    JsonNode[] values = {NODES.numberNode(n), NODES.numberNode(n + 1), NODES.numberNode(-1),
                        NODES.numberNode(1.5), NODES.numberNode(1L << 31), NODES.numberNode(1e308),
                        NODES.numberNode(-0.0), NODES.numberNode(-3.0), NODES.numberNode(0), NODES.numberNode(1),
                        NODES.numberNode(rng.nextInt(Math.max(1, n))), NODES.numberNode(rng.nextDouble() * 2),
                        NODES.textNode("1"), NODES.nullNode(), NODES.arrayNode().add(1)};
                    row.set(rng.nextInt(row.size()), values[rng.nextInt(values.length)]);
                }
                yield MAPPER.writeValueAsString(root);
            }
            case RESHAPE_ROW -> {
                JsonNode field = root.get(name);
                if (field instanceof ArrayNode rows && rows.size() > 0) {
                    int r = rng.nextInt(rows.size());
                    switch (rng.nextInt(5)) {
                        case 0 -> rows.remove(r);
                        case 1 -> rows.add(rows.get(r).deepCopy());
                        case 2 -> rows.set(r, NODES.numberNode(r));
                        case 3 -> {
                            if (rows.get(r) instanceof ArrayNode row && row.size() > 0) {
                                row.remove(rng.nextInt(row.size()));
                            }
                        }
                        default -> {
                            if (rows.get(r) instanceof ArrayNode row) {
                                row.add(rng.nextBoolean() ? 0.0 : rng.nextDouble());
                            }
                        }
                    }
                }
                yield MAPPER.writeValueAsString(root);
            }
            case TRUNCATE -> base.substring(0, rng.nextInt(base.length()));
            case FLIP_BYTES -> throw new AssertionError("byte flips are applied above");
            case NEST_DEEPLY -> {
                int depth = new int[] {63, 65, 1_000, 10_000}[rng.nextInt(4)];
                String open = rng.nextBoolean() ? "[" : "{\"a\": ";
                int at = rng.nextInt(base.length());
                yield base.substring(0, at) + open.repeat(depth) + base.substring(at);
            }
            case REPLACE_NUMBER_TOKEN -> {
                Matcher m = NUMBER.matcher(base);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) {
                    spans.add(new int[] {m.start(), m.end()});
                }
                int[] span = spans.get(rng.nextInt(spans.size()));
                yield base.substring(0, span[0]) + SPECIAL_NUMBERS[rng.nextInt(SPECIAL_NUMBERS.length)]
                        + base.substring(span[1]);
            }
            case INSERT_OR_DELETE_TEXT -> {
                int at = rng.nextInt(base.length());
                if (rng.nextBoolean()) {
                    String[] pieces = {",", "]", "[", "}", "{", "\"", ":", "0", "-", ".", "e", "null", "\\", "\u00e9"};
                    yield base.substring(0, at) + pieces[rng.nextInt(pieces.length)] + base.substring(at);
                }
                yield base.substring(0, at) + base.substring(Math.min(base.length(), at + 1 + rng.nextInt(20)));
            }
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode randomValue(JsonNode original, SplittableRandom rng) {
        JsonNode[] values = {NODES.textNode("not_a_number"), NODES.booleanNode(true), NODES.nullNode(),
            NODES.objectNode(), NODES.numberNode(-5), NODES.numberNode(2.5), NODES.numberNode(Integer.MAX_VALUE),
            NODES.numberNode(1L << 40), NODES.arrayNode().add("a"), NODES.arrayNode().add(NODES.arrayNode()
                .add(NODES.arrayNode().add(1))), NODES.arrayNode(), NODES.arrayNode().add(NODES.arrayNode()),
            original.deepCopy()};
        return values[rng.nextInt(values.length)];
    }

    private static ArrayNode randomRow(ObjectNode root, SplittableRandom rng) {
        List<ArrayNode> rows = new ArrayList<>();
        root.fields().forEachRemaining(field -> {
            if (field.getValue() instanceof ArrayNode array) {
                for (JsonNode row : array) {
                    if (row instanceof ArrayNode r) {
                        rows.add(r);
                    }
                }
            }
        });
        return rows.isEmpty() ? null : rows.get(rng.nextInt(rows.size()));
    }
}
