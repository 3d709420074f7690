package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.data.pipeline.Batch;
import dev.clipjvm.clip.tf.train.ZeroShot;

/** The labelled images of zero-shot tasks, read once per run by clip-data's pipeline. */
final class EvalSets {
  private EvalSets() {}

  /**
   * The images of {@code task} at the experiment's image size; synthetic ones from the
   * training source's generator seed (0 when training on other data).
   */
  static ZeroShot.Images images(Experiment e, ZeroShotTask task) {
    long seed = e.data().source() instanceof SyntheticSource src ? src.seed() : 0;
    Batch b = dev.clipjvm.clip.data.pipeline.EvalSets.read(task.images(), task.classNames(),
        e.data().imageSize(), seed);
    return new ZeroShot.Images(b.size(), b.imageSize(), b::image, b.labels());
  }
}
