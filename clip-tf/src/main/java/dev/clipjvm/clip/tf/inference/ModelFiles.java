package dev.clipjvm.clip.tf.inference;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ExperimentJson;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.experiment.ExperimentRunner;
import dev.clipjvm.clip.tf.experiment.Vocabularies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files a model is loaded from: a checkpoint file alone, or a run directory of
 * {@code clip train} ({@code model.safetensors} with the architecture of its
 * {@code experiment.json} and the vocabulary it names), and the vocabulary that goes with it.
 *
 * @param checkpoint the weights
 * @param experiment the run's experiment, for a run directory
 * @param runDir the run directory, for a run directory
 * @param vocab the vocabulary the user gave, overriding any other
 */
record ModelFiles(Path checkpoint, Optional<Experiment> experiment, Optional<Path> runDir,
    Optional<Path> vocab) {
  private static final String EXPERIMENT = "experiment.json";

  /**
   * Reads what {@code path} is: a checkpoint file or a run directory. A run's own
   * {@code model.safetensors} (its folder holds the run's {@code experiment.json}) loads as the
   * run, so it keeps the vocabulary and architecture it was trained with.
   */
  static ModelFiles resolve(Path path, Optional<Path> vocab) throws IOException {
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) {
        throw new NoSuchFileException(path.toString(), null, "no such checkpoint file or run "
            + "directory");
      }
      Path folder = path.toAbsolutePath().getParent();
      if (path.getFileName().toString().equals(ExperimentRunner.MODEL) && folder != null
          && Files.isRegularFile(folder.resolve(EXPERIMENT))) {
        return resolve(folder, vocab);
      }
      return new ModelFiles(path, Optional.empty(), Optional.empty(), vocab);
    }
    Path model = path.resolve(ExperimentRunner.MODEL);
    Path experiment = path.resolve(EXPERIMENT);
    if (!Files.isRegularFile(model) || !Files.isRegularFile(experiment)) {
      throw new NoSuchFileException(path.toString(), null, "a directory given as a model must be "
          + "a run directory of clip train holding " + ExperimentRunner.MODEL + " and "
          + EXPERIMENT);
    }
    return new ModelFiles(model, Optional.of(Problems.orThrow(
        ExperimentJson.parseRecorded(experiment), experiment.toString())), Optional.of(path),
        vocab);
  }

  /** The checkpoint, with the run's declared architecture when there is one. */
  Checkpoint read() throws IOException {
    return experiment.isPresent() ? Checkpoint.read(checkpoint, experiment.get().model())
        : Checkpoint.read(checkpoint);
  }

  /**
   * The vocabulary: the one given; else a run's own (learned into {@code vocab/merges.txt}, or
   * the merges file its experiment names); else OpenAI's bundled one.
   */
  BpeTokenizer tokenizer() throws IOException {
    if (vocab.isPresent()) {
      return read(vocab.get());
    }
    if (experiment.isEmpty()) {
      return BpeTokenizer.openAi();
    }
    Path dir = runDir.orElseThrow();
    if (experiment.get().tokenizer() instanceof TokenizerConfig.File f) {
      Path merges = Path.of(f.merges());
      // A relative path was relative to where training ran; the run directory is the best guess
      // when that is not here.
      if (!merges.isAbsolute() && !Files.exists(merges)) {
        merges = dir.resolve(merges);
      }
      return BpeTokenizer.openAi(merges);
    }
    return BpeTokenizer.openAi(dir.resolve(Vocabularies.MERGES));
  }

  /** A merges file in OpenAI's format, or a Hugging Face vocab.json with merges.txt beside it. */
  static BpeTokenizer read(Path vocab) throws IOException {
    if (vocab.getFileName().toString().endsWith(".json")) {
      Path merges = vocab.resolveSibling("merges.txt");
      if (!Files.isRegularFile(merges)) {
        throw new NoSuchFileException(merges.toString(), null, "a Hugging Face vocab.json "
            + "needs the merges.txt beside it");
      }
      return BpeTokenizer.fromHuggingFace(vocab, merges);
    }
    return BpeTokenizer.openAi(vocab);
  }
}
