package dev.clipjvm.clip.api.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.data.DataJson;
import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.json.JsonFields;
import dev.clipjvm.clip.api.json.ModelJson;
import dev.clipjvm.clip.api.json.TrainingJson;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.train.TrainingConfig;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.nio.file.Path;
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
 * "held_out_combos", "count", "shift"}} or {@code {"type": "idx", "images", "labels", "limit"}};
 * {@code commands}: {@link EvaluationCommandJson}).
 * Every problem is reported at once with its key path; unknown keys are problems.
 */
public final class ExperimentJson {
  private ExperimentJson() {}

  /** Parses an experiment: every {@link Problem}, or the experiment. */
  public static Validation<Seq<Problem>, Experiment> parse(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, ExperimentJson::read));
  }

  /** Reads and parses an experiment file; an unreadable file is a problem too. */
  public static Validation<Seq<Problem>, Experiment> parse(Path file) {
    return Json.parse(file).flatMap(tree -> JsonFields.read(tree, ExperimentJson::read));
  }

  /** {@link #parse(String)}, throwing the problems as an {@link InvalidConfigException}. */
  public static Experiment read(String json) {
    return Problems.orThrow(parse(json), "");
  }

  /** {@link #parse(Path)}, throwing the problems with the file's name. */
  public static Experiment read(Path file) {
    return Problems.orThrow(parse(file), file.toString());
  }

  private static Experiment read(JsonFields f) {
    String name = f.requiredText("name");
    ClipConfig model = f.object("model", ModelJson::read);
    DataConfig data = f.object("data", DataJson::config);
    TokenizerConfig tokenizer = f.object("tokenizer", ExperimentJson::tokenizer);
    TrainingConfig training = f.object("training", TrainingJson::read);
    Initialization init = f.object("init", ExperimentJson::init, Initialization.scratch());
    EvaluationConfig evaluation = f.object("evaluation", ExperimentJson::evaluation,
        EvaluationConfig.none());
    return f.build(() -> new Experiment(name, model, data, tokenizer, training, init, evaluation));
  }

  private static TokenizerConfig tokenizer(JsonFields t) {
    String type = t.requiredText("type");
    return switch (type) {
      case "train" -> {
        int vocab = t.integer("vocab_size");
        int corpus = t.integer("corpus");
        yield t.build(() -> new TokenizerConfig.Train(vocab, corpus));
      }
      case "file" -> {
        String merges = t.requiredText("merges");
        yield t.build(() -> new TokenizerConfig.File(merges));
      }
      case "" -> null;
      default -> {
        t.problem("type", "\"" + type + "\" is not one of train, file");
        yield null;
      }
    };
  }

  private static Initialization init(JsonFields i) {
    // An empty string is how earlier versions wrote "no checkpoint".
    String path = i.text("checkpoint", "");
    Optional<Path> checkpoint = path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    FrozenTower frozen = i.choice("frozen", FrozenTower.NONE, FrozenTower.values());
    return i.build(() -> new Initialization(checkpoint, frozen));
  }

  private static EvaluationConfig evaluation(JsonFields e) {
    int batch = e.integer("batch_size", 64);
    List<ZeroShotTask> tasks = e.has("tasks") ? e.list("tasks", ExperimentJson::task) : List.of();
    List<EvaluationCommand> commands = e.has("commands")
        ? e.list("commands", EvaluationCommandJson::read) : List.of();
    return e.build(() -> new EvaluationConfig(tasks, batch, commands));
  }

  private static ZeroShotTask task(JsonFields t) {
    String name = t.requiredText("name");
    List<String> classes = t.texts("class_names");
    List<String> templates = t.texts("templates");
    LabelledSet images = t.object("images", ExperimentJson::images);
    return t.build(() -> new ZeroShotTask(name, images, classes, templates));
  }

  private static LabelledSet images(JsonFields im) {
    String type = im.requiredText("type");
    return switch (type) {
      case "synthetic" -> {
        Attribute attribute = im.choice("attribute", null, Attribute.values());
        if (!im.has("attribute")) {
          im.problem("attribute", "is missing");
        }
        boolean held = im.bool("held_out_combos", false);
        int count = im.integer("count");
        SyntheticShift shift = im.choice("shift", SyntheticShift.NONE, SyntheticShift.values());
        yield im.build(() -> new LabelledSet.Synthetic(attribute, held, count, shift));
      }
      case "idx" -> {
        String images = im.requiredText("images");
        String labels = im.requiredText("labels");
        int limit = im.integer("limit", 0);
        yield im.build(() -> new LabelledSet.Idx(images, labels, limit));
      }
      case "" -> null;
      default -> {
        im.problem("type", "\"" + type + "\" is not one of synthetic, idx");
        yield null;
      }
    };
  }

  /** The experiment as pretty-printed JSON, every field written. */
  public static String write(Experiment e) {
    ObjectNode root = Json.object();
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
        if (s.shift() != SyntheticShift.NONE) {
          im.put("shift", s.shift().id());
        }
      } else if (t.images() instanceof LabelledSet.Idx x) {
        im.put("images", x.images()).put("labels", x.labels()).put("limit", x.limit());
      }
      t.classNames().forEach(o.putArray("class_names")::add);
      t.templates().forEach(o.putArray("templates")::add);
    }
    if (!e.evaluation().commands().isEmpty()) {
      ArrayNode commands = ev.putArray("commands");
      e.evaluation().commands().forEach(c -> commands.add(EvaluationCommandJson.write(c)));
    }
    return Json.pretty(root);
  }
}
