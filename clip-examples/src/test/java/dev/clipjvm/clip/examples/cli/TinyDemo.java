package dev.clipjvm.clip.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** The demo experiment shrunk for command tests: 16-pixel images, one-layer towers, batch 8. */
final class TinyDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TinyDemo() {}

  /**
   * {@code configs/demo.json} named {@code name}, training {@code steps} steps with a checkpoint
   * every {@code checkpointInterval}, no evaluation during training, a 600-token vocabulary.
   */
  static ObjectNode experiment(String name, long steps, long checkpointInterval)
      throws IOException {
    ObjectNode e = (ObjectNode) JSON.readTree(Path.of("configs/demo.json").toFile());
    e.put("name", name);
    ObjectNode model = (ObjectNode) e.get("model");
    model.put("embed_dim", 32);
    // Heads 64 wide: encode infers the architecture from shapes with OpenAI's head width.
    model.set("vision_cfg", JSON.readTree("{\"image_size\": 16, \"layers\": 1, \"width\": 64,"
        + " \"patch_size\": 8, \"head_width\": 64, \"mlp_ratio\": 2.0}"));
    model.set("text_cfg", JSON.readTree("{\"context_length\": 24, \"vocab_size\": 600,"
        + " \"width\": 64, \"heads\": 1, \"layers\": 1}"));
    ((ObjectNode) e.get("data")).put("image_size", 16);
    ((ObjectNode) e.get("tokenizer")).put("vocab_size", 600).put("corpus", 500);
    ((ObjectNode) e.get("training")).put("batch_size", 8).put("steps", steps)
        .put("checkpoint_interval", checkpointInterval).put("eval_interval", 0)
        .put("log_interval", 1);
    ((ObjectNode) e.get("training").get("schedule")).put("warmup_steps", 1);
    return e;
  }
}
