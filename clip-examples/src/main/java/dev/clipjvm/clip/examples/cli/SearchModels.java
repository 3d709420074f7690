package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.model.InvalidInputException;
import dev.clipjvm.clip.data.image.EvalTransform;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.image.ResizeMode;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import dev.clipjvm.clip.tf.checkpoint.Checkpoint;
import dev.clipjvm.clip.tf.experiment.Vocabularies;
import dev.clipjvm.clip.tf.inference.ClipEncoder;
import dev.clipjvm.clip.tf.search.ImageIndex;
import dev.clipjvm.clip.tf.search.ModelIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The model side of {@code clip index} and {@code clip search}: loading and query embeddings. */
final class SearchModels {
  private SearchModels() {}

  /** The encoder of {@code checkpoint}. */
  static ClipEncoder load(Path checkpoint, int threads) throws IOException {
    return ClipEncoder.load(Checkpoint.read(checkpoint), threads);
  }

  /** {@code index} if {@code model} made it; else the error naming both models. */
  static ImageIndex checkSameModel(ImageIndex index, ModelIdentity model, Path where) {
    if (!index.model().sameModel(model)) {
      throw new InvalidInputException(where + " was built with " + index.model().checkpoint()
          + " (sha256 " + index.model().sha256().substring(0, 12) + ", embed_dim "
          + index.model().embedDim() + "), not " + model.checkpoint() + " (sha256 "
          + model.sha256().substring(0, 12) + ", embed_dim " + model.embedDim()
          + "); embeddings of two models cannot be mixed: use another index");
    }
    return index;
  }

  /**
   * The embedding of {@code text}, truncated to the model's context. The tokenizer is the run's
   * learned vocabulary when the checkpoint sits in a run directory that has one
   * ({@code vocab/merges.txt} beside it), else OpenAI's bundled vocabulary.
   */
  static float[] text(ClipEncoder encoder, Path checkpoint, String text) throws IOException {
    Path runMerges = checkpoint.toAbsolutePath().resolveSibling(Vocabularies.MERGES);
    BpeTokenizer tokenizer = Files.isRegularFile(runMerges) ? BpeTokenizer.openAi(runMerges)
        : BpeTokenizer.openAi();
    if (tokenizer.vocabSize() > encoder.config().text().vocabSize()) {
      throw new InvalidInputException("the tokenizer has " + tokenizer.vocabSize()
          + " tokens, more than the model's vocab_size " + encoder.config().text().vocabSize()
          + (Files.isRegularFile(runMerges) ? " (" + runMerges + ")" : " (OpenAI's vocabulary; "
              + "a model trained with its own has it in vocab/merges.txt beside the checkpoint)"));
    }
    int[][] ids = tokenizer.tokenize(List.of(text), encoder.config().text().contextLength(),
        Overflow.TRUNCATE);
    return encoder.encodeTexts(ids)[0];
  }

  /** The embedding of the image file {@code file} (OpenAI's eval transform on the host). */
  static float[] image(ClipEncoder encoder, Path file) throws IOException {
    int size = encoder.config().vision().imageSize();
    byte[] hwc = Normalization.uint8Hwc(new EvalTransform(size, ResizeMode.SHORTEST)
        .apply(new ImageDecoder().decode(file), 0));
    return encoder.encodePixels(hwc, 1)[0];
  }
}
