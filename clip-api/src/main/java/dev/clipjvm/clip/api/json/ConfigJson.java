package dev.clipjvm.clip.api.json;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.InvalidConfigException;
import dev.clipjvm.clip.api.model.Problem;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.train.TrainingConfig;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.nio.file.Path;

/**
 * Reads and writes model and training configurations as JSON text or files. The {@code parse}
 * methods return every {@link Problem} at once (key path and message) or the valid record; the
 * {@code read} methods throw them as one {@link InvalidConfigException}, naming the file when
 * reading one ({@code "m.json: vision_cfg.foo: unknown key (known here: ...)"}). Writing is
 * pretty-printed and emits every field, so reading what was written gives an equal record.
 */
public final class ConfigJson {
  private ConfigJson() {}

  /** Parses a model configuration (open_clip keys; see {@link ModelJson}). */
  public static Validation<Seq<Problem>, ClipConfig> parseModel(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, ModelJson::read));
  }

  /** Reads and parses a model configuration file; an unreadable file is a problem too. */
  public static Validation<Seq<Problem>, ClipConfig> parseModel(Path file) {
    return Json.parse(file).flatMap(tree -> JsonFields.read(tree, ModelJson::read));
  }

  /** Parses a training configuration (keys in {@link TrainingJson}). */
  public static Validation<Seq<Problem>, TrainingConfig> parseTraining(String json) {
    return Json.parse(json).flatMap(tree -> JsonFields.read(tree, TrainingJson::read));
  }

  /** Reads and parses a training configuration file. */
  public static Validation<Seq<Problem>, TrainingConfig> parseTraining(Path file) {
    return Json.parse(file).flatMap(tree -> JsonFields.read(tree, TrainingJson::read));
  }

  /** {@link #parseModel(String)}, throwing the problems. */
  public static ClipConfig readModel(String json) {
    return Problems.orThrow(parseModel(json), "");
  }

  /** {@link #parseModel(Path)}, throwing the problems with the file's name. */
  public static ClipConfig readModel(Path file) {
    return Problems.orThrow(parseModel(file), file.toString());
  }

  /** {@link #parseTraining(String)}, throwing the problems. */
  public static TrainingConfig readTraining(String json) {
    return Problems.orThrow(parseTraining(json), "");
  }

  /** {@link #parseTraining(Path)}, throwing the problems with the file's name. */
  public static TrainingConfig readTraining(Path file) {
    return Problems.orThrow(parseTraining(file), file.toString());
  }

  /** The model configuration as pretty-printed JSON. */
  public static String write(ClipConfig config) {
    return Json.pretty(ModelJson.write(config));
  }

  /** The training configuration as pretty-printed JSON. */
  public static String write(TrainingConfig config) {
    return Json.pretty(TrainingJson.write(config));
  }
}
