package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.TokenizerConfig;
import dev.clipjvm.clip.data.source.Sources;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.BpeTrainer;
import dev.clipjvm.clip.data.text.BpeVocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tokenizer of a run. A vocabulary learned from the training captions is written once to
 * {@code vocab/merges.txt} in the run directory and read back from there on resume, so a run
 * never changes vocabulary midway; checkpoints refer to that file.
 */
public final class Vocabularies {
  /** Where a learned vocabulary lives in the run directory. */
  public static final String MERGES = "vocab/merges.txt";

  private Vocabularies() {}

  /** The run's tokenizer and the path of its merges file. */
  public record Resolved(BpeTokenizer tokenizer, Path merges) {}

  /** Resolves (and if needed learns and writes) the tokenizer of {@code experiment}. */
  public static Resolved resolve(Experiment experiment, Path runDir) {
    try {
      if (experiment.tokenizer() instanceof TokenizerConfig.File f) {
        Path p = Path.of(f.merges());
        // A run directory stands for the vocabulary it learned, as for init.checkpoint.
        if (Files.isDirectory(p)) {
          p = p.resolve(MERGES);
        }
        return new Resolved(BpeTokenizer.openAi(p), p);
      }
      TokenizerConfig.Train t = (TokenizerConfig.Train) experiment.tokenizer();
      Path merges = runDir.resolve(MERGES);
      if (!Files.isRegularFile(merges)) {
        BpeVocabulary v = BpeTrainer.train(corpus(experiment, t.corpus()), t.vocabSize());
        Files.createDirectories(merges.getParent());
        Path temp = merges.resolveSibling("merges.txt.tmp");
        v.writeMerges(temp);
        Files.move(temp, merges, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      BpeTokenizer tok = BpeTokenizer.openAi(merges);
      if (tok.vocabSize() > experiment.model().text().vocabSize()) {
        throw new IllegalArgumentException("the learned vocabulary has " + tok.vocabSize()
            + " tokens, more than the model's text vocab_size "
            + experiment.model().text().vocabSize());
      }
      return new Resolved(tok, merges);
    } catch (IOException e) {
      throw new UncheckedIOException("tokenizer: " + e.getMessage(), e);
    }
  }

  /** The first {@code count} training captions of the experiment's data (clip-data's sources). */
  static List<String> corpus(Experiment experiment, int count) throws IOException {
    List<String> out = Sources.captions(experiment.data().source(), count);
    if (out.isEmpty()) {
      throw new IllegalArgumentException("tokenizer: the training data (data.source) has no "
          + "captions to learn a vocabulary from");
    }
    return out;
  }
}
