package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clipjvm.clip.api.json.Json;
import java.io.PrintStream;

/**
 * {@code --json} output, the same in every command: exactly one JSON document on one line of
 * standard output (written by the library's one mapper, {@link Json#line}); with {@code --json}
 * everything meant for a person goes to standard error.
 */
final class JsonOutput {
  private JsonOutput() {}

  /** Prints {@code node} as one line on standard output. */
  static void print(JsonNode node) {
    System.out.println(Json.line(node));
    System.out.flush();
  }

  /** Where text for a person goes: standard error under {@code --json}, else standard output. */
  static PrintStream human(boolean json) {
    return json ? System.err : System.out;
  }
}
