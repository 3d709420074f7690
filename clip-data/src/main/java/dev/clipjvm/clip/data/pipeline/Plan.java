package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DataPipeline} folded, stage by stage in the order it lists them, into what the
 * loader runs: the record steps each epoch of a source part passes through (shard and shuffle,
 * applied in their listed order), the number of epochs, the per-sample work (decode, augment,
 * tokenize) and the batching. The pipeline's own validation has already rejected an order that
 * makes no sense (a batch before decode, a shuffle after batch, two batch stages) with the path
 * of the stage at fault; {@link DataPipeline#requireRunnable} rejects a pipeline lacking a
 * stage it needs.
 *
 * @param recordSteps shard and shuffle stages in pipeline order
 * @param epochs passes over each part ({@link Long#MAX_VALUE} for forever)
 * @param decode the decode stage
 * @param augment the augment stage (the image size)
 * @param contextLength token ids per caption, 0 without a tokenize stage
 * @param batch the batch stage
 * @param prefetch workers and batches in flight
 */
record Plan(List<Stage> recordSteps, long epochs, Stage.Decode decode, Stage.Augment augment,
    int contextLength, Stage.Batch batch, Stage.Prefetch prefetch) {

  /** The plan of {@code pipeline}, which must be runnable. */
  static Plan of(DataPipeline pipeline) {
    pipeline.requireRunnable();
    List<Stage> records = new ArrayList<>();
    long epochs = 1;
    Stage.Decode decode = null;
    Stage.Augment augment = null;
    int context = 0;
    Stage.Batch batch = null;
    Stage.Prefetch prefetch = new Stage.Prefetch(4, Runtime.getRuntime().availableProcessors());
    for (Stage s : pipeline.stages()) {
      if (s instanceof Stage.Shard || s instanceof Stage.Shuffle) {
        records.add(s);
      } else if (s instanceof Stage.Epochs e) {
        epochs = e.count();
      } else if (s instanceof Stage.Forever) {
        epochs = Long.MAX_VALUE;
      } else if (s instanceof Stage.Decode d) {
        decode = d;
      } else if (s instanceof Stage.Augment a) {
        augment = a;
      } else if (s instanceof Stage.Tokenize t) {
        context = t.contextLength();
      } else if (s instanceof Stage.Batch b) {
        batch = b;
      } else if (s instanceof Stage.Prefetch p) {
        prefetch = p;
      }
    }
    return new Plan(List.copyOf(records), epochs, decode, augment, context, batch, prefetch);
  }

  /** The worker's rank of the first shard stage (0 of 1 without one). */
  Stage.Shard shard() {
    return recordSteps.stream().filter(Stage.Shard.class::isInstance).map(Stage.Shard.class::cast)
        .findFirst().orElse(new Stage.Shard(0, 1));
  }

  /** The seed of the first shuffle stage (0 without one): it also seeds augmentation. */
  long seed() {
    return recordSteps.stream().filter(Stage.Shuffle.class::isInstance)
        .map(Stage.Shuffle.class::cast).mapToLong(Stage.Shuffle::seed).findFirst().orElse(0);
  }
}
