package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.model.InvalidInputException;
import dev.clipjvm.clip.tf.search.ImageIndex;
import dev.clipjvm.clip.tf.search.ModelIdentity;
import java.nio.file.Path;

/** What {@code clip index} and {@code clip search} share beyond loading the model. */
final class SearchModels {
  private SearchModels() {}

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
}
