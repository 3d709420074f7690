package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * {@code --json} output, the same in every command: exactly one JSON document on one line of
 * standard output; with {@code --json} everything meant for a person goes to standard error.
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A new empty object. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The mapper, for reading JSON a command is given. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Prints {@code node} as one line on standard output. */
  static void print(JsonNode node) {
    try {
      System.out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print a JSON tree", e);
    }
    System.out.flush();
  }

  /** Where text for a person goes: standard error under {@code --json}, else standard output. */
  static PrintStream human(boolean json) {
    return json ? System.err : System.out;
  }
}
