package org.jphasic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and checks exit codes and messages. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        Result succeeded() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit code 2 and exactly one line on stderr, starting "jphasic: " and containing the fragment. */
    static void assertBadInput(Result r, String fragment) {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err().strip().lines().count()).as("one-line message: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("jphasic: ").contains(fragment);
    }
}
