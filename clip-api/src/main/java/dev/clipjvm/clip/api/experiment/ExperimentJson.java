package dev.clipjvm.clip.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.json.ConfigJson;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.json.ModelJson;
import dev.clipjvm.clip.api.json.TrainingJson;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link Experiment} as JSON: {@code name}, {@code model} (open_clip keys, {@link ModelJson}),
 * {@code data} ({@link DataJson}), {@code tokenizer} ({@code {"type": "train", "vocab_size",
 * "corpus"}} or {@code {"type": "file", "merges"}}), {@code training} ({@link TrainingJson}),
 * optional {@code init} ({@code checkpoint}, {@code frozen}: none, image or text) and optional
 * {@code evaluation} ({@code batch_size}, {@code tasks}: {@code name}, {@code class_names},
 * {@code templates}, {@code images}: {@code {"type": "synthetic", "attribute": "shape"|"color",
 * "held_out_combos", "count"}} or {@code {"type": "idx", "images", "labels", "limit"}}).
 * Every problem is reported at once with its key path; unknown keys are problems.
 */
public final class ExperimentJson {
  private ExperimentJson() {}

  /** Reads an experiment file; problems are prefixed by the file name. */
  public static Experiment read(Path file) {
    try {
      return read(Files.readString(file, StandardCharsets.UTF_8), file + ": ");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
  }

  /** Parses an experiment; {@code prefix} starts every problem message. */
  public static Experiment read(String json, String prefix) {
    Problems problems = new Problems();
    JsonFields f = JsonFields.root(ConfigJson.parse(json, prefix), problems);
    String name = f.text("name").orElse("");
    if (!f.has("name")) {
      f.problem("name", "is missing");
    }
    ClipConfig model = ModelJson.read(f.object("model"));
    DataConfig data = data(f, problems);
    TokenizerConfig tokenizer = tokenizer(f.object("tokenizer"));
    TrainingConfig training = TrainingJson.read(f.object("training"));
    Initialization init = f.has("init") ? init(f.object("init")) : Initialization.scratch();
    EvaluationConfig evaluation = f.has("evaluation") ? evaluation(f.object("evaluation"))
        : EvaluationConfig.none();
    f.finish();
    Experiment e = problems.list().isEmpty()
        ? f.build(() -> new Experiment(name, model, data, tokenizer, training, init, evaluation))
        : null;
    if (!problems.list().isEmpty()) {
      throw new InvalidConfigException(problems.list().stream().map(p -> prefix + p).toList());
    }
    return e;
  }

  private static DataConfig data(JsonFields f, Problems problems) {
    JsonNode node = f.value("data").orElse(null);
    if (node == null) {
      f.problem("data", "is missing");
      return null;
    }
    try {
      return DataJson.readConfig(node);
    } catch (InvalidConfigException e) {
      for (String p : e.under("data").problems()) {
        int colon = p.indexOf(": ");
        problems.check(false, colon < 0 ? "data" : p.substring(0, colon),
            colon < 0 ? p : p.substring(colon + 2));
      }
      return null;
    }
  }

  private static TokenizerConfig tokenizer(JsonFields t) {
    String type = t.text("type").orElse("");
    TokenizerConfig out = switch (type) {
      case "train" -> {
        int vocab = t.integer("vocab_size");
        int corpus = t.integer("corpus");
        yield t.build(() -> new TokenizerConfig.Train(vocab, corpus));
      }
      case "file" -> {
        String merges = t.text("merges").orElse("");
        yield t.build(() -> new TokenizerConfig.File(merges));
      }
      default -> {
        t.problem("type", "\"" + type + "\" is not \"train\" or \"file\"");
        yield null;
      }
    };
    t.finish();
    return out;
  }

  private static Initialization init(JsonFields i) {
    // An empty string is how earlier versions wrote "no checkpoint".
    Optional<Path> checkpoint = i.text("checkpoint").filter(c -> !c.isEmpty()).map(Path::of);
    String frozen = i.text("frozen").orElse("none");
    FrozenTower tower = FrozenTower.NONE;
    try {
      tower = FrozenTower.valueOf(frozen.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      i.problem("frozen", "\"" + frozen + "\" is not none, image or text");
    }
    FrozenTower t = tower;
    i.finish();
    return i.build(() -> new Initialization(checkpoint, t));
  }

  private static EvaluationConfig evaluation(JsonFields e) {
    int batch = e.integer("batch_size", 64);
    List<ZeroShotTask> tasks = new ArrayList<>();
    JsonNode list = e.value("tasks").orElse(JsonNodeFactory.instance.arrayNode());
    if (!list.isArray()) {
      e.problem("tasks", "expected a list of tasks");
    } else {
      for (int k = 0; k < list.size(); k++) {
        tasks.add(task(e, list.get(k), k));
      }
    }
    e.finish();
    return tasks.contains(null) ? null : e.build(() -> new EvaluationConfig(tasks, batch));
  }

  private static ZeroShotTask task(JsonFields parent, JsonNode node, int k) {
    Problems local = new Problems();
    JsonFields t = JsonFields.root(node, local);
    String name = t.text("name").orElse("");
    List<String> classes = strings(t, "class_names");
    List<String> templates = strings(t, "templates");
    JsonFields im = t.object("images");
    String type = im.text("type").orElse("");
    LabelledSet images = null;
    if (type.equals("synthetic")) {
      String attr = im.text("attribute").orElse("");
      boolean held = im.bool("held_out_combos", false);
      int count = im.integer("count");
      Attribute a = switch (attr) {
        case "shape" -> Attribute.SHAPE;
        case "color" -> Attribute.COLOR;
        default -> {
          im.problem("attribute", "\"" + attr + "\" is not shape or color");
          yield null;
        }
      };
      images = a == null ? null : im.build(() -> new LabelledSet.Synthetic(a, held, count));
    } else if (type.equals("idx")) {
      String img = im.text("images").orElse("");
      String lab = im.text("labels").orElse("");
      int limit = im.integer("limit", 0);
      images = im.build(() -> new LabelledSet.Idx(img, lab, limit));
    } else {
      im.problem("type", "\"" + type + "\" is not \"synthetic\" or \"idx\"");
    }
    im.finish();
    t.finish();
    LabelledSet set = images;
    ZeroShotTask out = local.list().isEmpty()
        ? t.build(() -> new ZeroShotTask(name, set, classes, templates)) : null;
    for (String p : local.list()) {
      int colon = p.indexOf(": ");
      parent.problem("tasks[" + k + "]." + p.substring(0, colon), p.substring(colon + 2));
    }
    return out;
  }

  private static List<String> strings(JsonFields f, String key) {
    List<String> out = new ArrayList<>();
    JsonNode v = f.value(key).orElse(null);
    if (v == null || !v.isArray()) {
      f.problem(key, "expected a list of strings");
      return out;
    }
    for (JsonNode s : v) {
      out.add(s.asText());
    }
    return out;
  }

  /** The experiment as pretty-printed JSON, every field written. */
  public static String write(Experiment e) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("name", e.name());
    root.set("model", ModelJson.write(e.model()));
    root.set("data", DataJson.toJson(e.data()));
    ObjectNode tok = root.putObject("tokenizer").put("type", e.tokenizer().type());
    if (e.tokenizer() instanceof TokenizerConfig.Train t) {
      tok.put("vocab_size", t.vocabSize()).put("corpus", t.corpus());
    } else if (e.tokenizer() instanceof TokenizerConfig.File f) {
      tok.put("merges", f.merges());
    }
    root.set("training", TrainingJson.write(e.training()));
    ObjectNode init = root.putObject("init");
    e.init().checkpoint().ifPresent(c -> init.put("checkpoint", c.toString()));
    init.put("frozen", e.init().frozen().name().toLowerCase(Locale.ROOT));
    ObjectNode ev = root.putObject("evaluation").put("batch_size", e.evaluation().batchSize());
    ArrayNode tasks = ev.putArray("tasks");
    for (ZeroShotTask t : e.evaluation().tasks()) {
      ObjectNode o = tasks.addObject().put("name", t.name());
      ObjectNode im = o.putObject("images").put("type", t.images().type());
      if (t.images() instanceof LabelledSet.Synthetic s) {
        im.put("attribute", s.attribute().name().toLowerCase(Locale.ROOT))
            .put("held_out_combos", s.heldOutCombos()).put("count", s.count());
      } else if (t.images() instanceof LabelledSet.Idx x) {
        im.put("images", x.images()).put("labels", x.labels()).put("limit", x.limit());
      }
      t.classNames().forEach(o.putArray("class_names")::add);
      t.templates().forEach(o.putArray("templates")::add);
    }
    return ConfigJson.print(root);
  }
}
