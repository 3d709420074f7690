package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.api.model.Problems;
import java.util.Objects;

/** Where the run's BPE vocabulary comes from. */
public sealed interface TokenizerConfig permits TokenizerConfig.Train, TokenizerConfig.File {

  /** The JSON {@code type} of this variant. */
  String type();

  /**
   * Learn a new byte-level BPE vocabulary from the training captions before training.
   *
   * @param vocabSize at most this many tokens (at least 514: byte symbols and special tokens)
   * @param corpus number of training captions to learn from
   */
  record Train(int vocabSize, int corpus) implements TokenizerConfig {
    /** Validates every field and reports all problems at once. */
    public Train {
      new Problems().check(vocabSize >= 514, "vocab_size", vocabSize
              + " must be at least 514 (512 byte symbols and 2 special tokens)")
          .atMost("vocab_size", vocabSize, Limits.MAX_VOCAB)
          .positive("corpus", corpus).throwIfAny();
    }

    @Override
    public String type() {
      return "train";
    }
  }

  /**
   * A merges file in OpenAI's format ({@code bpe_simple_vocab_16e6.txt.gz} or a file written
   * by a previous run).
   *
   * @param merges path of the merges file
   */
  record File(String merges) implements TokenizerConfig {
    /** Validates the path. */
    public File {
      Objects.requireNonNull(merges, "merges");
      new Problems().check(!merges.isBlank(), "merges", "must not be blank").throwIfAny();
    }

    @Override
    public String type() {
      return "file";
    }
  }
}
