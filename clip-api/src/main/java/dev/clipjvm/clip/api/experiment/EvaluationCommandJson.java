package dev.clipjvm.clip.api.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.data.SyntheticShift;
import dev.clipjvm.clip.api.json.Json;
import dev.clipjvm.clip.api.json.JsonFields;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link EvaluationCommand} as JSON, one object of {@code evaluation.commands}: {@code type}
 * ({@code zeroshot}, {@code linear_probe}, {@code retrieval}, {@code robustness}), {@code name}
 * (default: the type) and the options of the {@code clip eval} command of that type in
 * snake case:
 * <ul>
 *   <li>zeroshot: {@code images}, {@code classes}, {@code templates}, {@code dataset};
 *   <li>linear_probe: {@code train_images}, {@code test_images}, {@code l2},
 *       {@code val_fraction} (0.2), {@code pre_projection} (false);
 *   <li>retrieval: {@code data};
 *   <li>robustness: {@code synthetic} ({@code shape}|{@code color}) with {@code shifts},
 *       {@code count} (500), {@code seed} (0); or {@code images}, {@code classes} and
 *       {@code shifted} ({@code [{"name", "images"}]}); {@code templates}; {@code baseline}
 *       (accuracies {@code .json} files or models).
 * </ul>
 */
public final class EvaluationCommandJson {
  private EvaluationCommandJson() {}

  /** Reads one command; every problem is reported with its path. */
  public static EvaluationCommand read(JsonFields c) {
    String type = c.requiredText("type");
    String name = c.text("name", type);
    return switch (type) {
      case "zeroshot" -> {
        String images = c.file("images", true);
        String classes = c.file("classes", true);
        String templates = c.file("templates", true);
        Optional<String> dataset = c.text("dataset");
        yield c.build(() -> new EvaluationCommand.ZeroShot(name, images, classes, templates,
            dataset));
      }
      case "linear_probe" -> {
        String train = c.file("train_images", true);
        String test = c.file("test_images", true);
        Optional<Double> l2 = c.has("l2") ? Optional.of(c.number("l2")) : Optional.empty();
        double val = c.number("val_fraction", 0.2);
        boolean pre = c.bool("pre_projection", false);
        yield c.build(() -> new EvaluationCommand.LinearProbe(name, train, test, l2, val, pre));
      }
      case "retrieval" -> {
        String data = c.file("data", true);
        yield c.build(() -> new EvaluationCommand.Retrieval(name, data));
      }
      case "robustness" -> robustness(c, name);
      case "" -> null;
      default -> {
        c.problem("type", "\"" + type + "\" is not one of zeroshot, linear_probe, retrieval, "
            + "robustness");
        yield null;
      }
    };
  }

  private static EvaluationCommand robustness(JsonFields c, String name) {
    Optional<Attribute> synthetic = Optional.ofNullable(c.choice("synthetic", null,
        Attribute.values()));
    List<SyntheticShift> shifts = c.texts("shifts", List.of()).stream()
        .map(s -> shift(c, s)).filter(s -> s != null).toList();
    int count = c.integer("count", 500);
    long seed = c.longInteger("seed", 0);
    Optional<String> images = optionalFile(c, "images");
    List<EvaluationCommand.ShiftedImages> shifted = c.has("shifted")
        ? c.list("shifted", s -> {
          String n = s.requiredText("name");
          String im = s.file("images", true);
          return s.build(() -> new EvaluationCommand.ShiftedImages(n, im));
        }) : List.of();
    Optional<String> classes = optionalFile(c, "classes");
    Optional<String> templates = optionalFile(c, "templates");
    List<String> baseline = c.has("baseline") ? c.files("baseline") : List.of();
    return c.build(() -> new EvaluationCommand.Robustness(name, synthetic, shifts, count, seed,
        images, shifted, classes, templates, baseline));
  }

  /** An optional path, relative to the configuration file's folder like every path. */
  private static Optional<String> optionalFile(JsonFields c, String key) {
    return Optional.of(c.file(key, false)).filter(f -> !f.isEmpty());
  }

  private static SyntheticShift shift(JsonFields c, String s) {
    for (SyntheticShift v : SyntheticShift.values()) {
      if (v.id().equals(s)) {
        return v;
      }
    }
    c.problem("shifts", "\"" + s + "\" is not one of colored_background, outline, filled, "
        + "pastel, noise");
    return null;
  }

  /** The command as JSON, every field written. */
  public static ObjectNode write(EvaluationCommand command) {
    ObjectNode o = Json.object().put("type", command.type()).put("name", command.name());
    if (command instanceof EvaluationCommand.ZeroShot z) {
      o.put("images", z.images()).put("classes", z.classes()).put("templates", z.templates());
      z.dataset().ifPresent(d -> o.put("dataset", d));
    } else if (command instanceof EvaluationCommand.LinearProbe l) {
      o.put("train_images", l.trainImages()).put("test_images", l.testImages());
      l.l2().ifPresent(v -> o.put("l2", v));
      o.put("val_fraction", l.valFraction()).put("pre_projection", l.preProjection());
    } else if (command instanceof EvaluationCommand.Retrieval r) {
      o.put("data", r.data());
    } else if (command instanceof EvaluationCommand.Robustness r) {
      r.synthetic().ifPresent(a -> {
        o.put("synthetic", a.name().toLowerCase(Locale.ROOT));
        r.shifts().forEach(v -> o.withArray("shifts").add(v.id()));
        o.put("count", r.count()).put("seed", r.seed());
      });
      r.images().ifPresent(v -> o.put("images", v));
      if (!r.shifted().isEmpty()) {
        ArrayNode list = o.putArray("shifted");
        r.shifted().forEach(s -> list.addObject().put("name", s.name())
            .put("images", s.images()));
      }
      r.classes().ifPresent(v -> o.put("classes", v));
      r.templates().ifPresent(v -> o.put("templates", v));
      r.baseline().forEach(o.putArray("baseline")::add);
    }
    return o;
  }
}
