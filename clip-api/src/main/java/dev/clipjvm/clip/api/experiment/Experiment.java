package dev.clipjvm.clip.api.experiment;

import dev.clipjvm.clip.api.data.DataConfig;
import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.model.Problems;
import dev.clipjvm.clip.api.model.VitConfig;
import dev.clipjvm.clip.api.train.TrainingConfig;

/**
 * One training run, described completely: what to train ({@code model}), on what ({@code data},
 * {@code tokenizer}), how ({@code training}), from where ({@code init}) and how to score it
 * ({@code evaluation}). {@code ./clip train --config experiment.json} runs it.
 *
 * @param name short name used for the run directory
 * @param model the CLIP model
 * @param data the training data
 * @param tokenizer the BPE vocabulary
 * @param training optimizer, schedule, length and cadence
 * @param init initialization or checkpoint to fine-tune
 * @param evaluation zero-shot tasks
 */
public record Experiment(String name, ClipConfig model, DataConfig data,
    TokenizerConfig tokenizer, TrainingConfig training, Initialization init,
    EvaluationConfig evaluation) {

  /** Validates every field and the agreement between them, reporting all problems at once. */
  public Experiment {
    Problems p = new Problems()
        .check(name != null && name.matches("[A-Za-z0-9_\\-.]+"), "name",
            name + " must be letters, digits, '_', '-' or '.'")
        .check(model != null, "model", "is missing")
        .check(data != null, "data", "is missing")
        .check(tokenizer != null, "tokenizer", "is missing")
        .check(training != null, "training", "is missing")
        .check(init != null, "init", "is missing")
        .check(evaluation != null, "evaluation", "is missing");
    if (model != null && data != null) {
      int size = model.vision() instanceof VitConfig v ? v.imageSize()
          : ((dev.clipjvm.clip.api.model.ResNetConfig) model.vision()).imageSize();
      p.check(size == data.imageSize(), "data.image_size", data.imageSize()
          + " differs from the model's image_size " + size);
    }
    if (model != null && training != null && init != null && training.microBatched()
        && !(model.vision() instanceof VitConfig) && init.frozen() != FrozenTower.IMAGE) {
      // BatchNorm in training form normalizes each pass by its own batch statistics, so a
      // micro-batched ResNet step would not be the large-batch step the gradient cache promises.
      p.check(false, "training.micro_batch_size", training.microBatchSize() + " is less than"
          + " batch_size " + training.batchSize() + ", but a ModifiedResNet image tower in"
          + " training computes BatchNorm statistics per pass; micro-batching needs a ViT or a"
          + " frozen image tower (init.frozen \"image\")");
    }
    if (data != null && training != null) {
      p.check(!(data.source() instanceof dev.clipjvm.clip.api.data.MixedSource
              && training.length() instanceof dev.clipjvm.clip.api.train.TrainingLength.Epochs),
          "training.epochs", "a mixed data source is resampled without end and has no epoch; "
              + "give training.steps");
    }
    if (model != null && tokenizer instanceof TokenizerConfig.Train t) {
      p.check(t.vocabSize() <= model.text().vocabSize(), "tokenizer.vocab_size",
          t.vocabSize() + " exceeds the model's text vocab_size " + model.text().vocabSize());
    }
    p.throwIfAny();
  }

  public Experiment withName(String v) {
    return new Experiment(v, model, data, tokenizer, training, init, evaluation);
  }

  public Experiment withModel(ClipConfig v) {
    return new Experiment(name, v, data, tokenizer, training, init, evaluation);
  }

  public Experiment withData(DataConfig v) {
    return new Experiment(name, model, v, tokenizer, training, init, evaluation);
  }

  public Experiment withTokenizer(TokenizerConfig v) {
    return new Experiment(name, model, data, v, training, init, evaluation);
  }

  public Experiment withTraining(TrainingConfig v) {
    return new Experiment(name, model, data, tokenizer, v, init, evaluation);
  }

  public Experiment withInit(Initialization v) {
    return new Experiment(name, model, data, tokenizer, training, v, evaluation);
  }

  public Experiment withEvaluation(EvaluationConfig v) {
    return new Experiment(name, model, data, tokenizer, training, init, v);
  }
}
