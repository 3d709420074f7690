package dev.clipjvm.clip.tf.experiment;

import dev.clipjvm.clip.api.data.SyntheticSource;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.Experiment;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.api.experiment.ZeroShotTask;
import dev.clipjvm.clip.data.idx.LabelledImages;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticImage;
import dev.clipjvm.clip.tf.train.ZeroShot;

/** The labelled images of zero-shot tasks, prepared once per run. */
final class EvalSets {
  private EvalSets() {}

  /** The images of {@code task} at the experiment's image size. */
  static ZeroShot.Images images(Experiment e, ZeroShotTask task) {
    int side = e.data().imageSize();
    if (task.images() instanceof LabelledSet.Synthetic s) {
      long seed = e.data().source() instanceof SyntheticSource src ? src.seed() : 0;
      SyntheticDataset ds = Sources.synthetic(new SyntheticSource(seed, 1, false), side);
      Split split = s.heldOutCombos() ? Split.HELD_OUT_COMBOS : Split.TEST;
      byte[][] pixels = new byte[s.count()][];
      int[] labels = new int[s.count()];
      for (int i = 0; i < s.count(); i++) {
        SyntheticImage img = ds.sample(split, i);
        pixels[i] = img.pixels();
        labels[i] = s.attribute() == Attribute.SHAPE ? img.subject().shape().ordinal()
            : img.subject().color().ordinal();
      }
      return new ZeroShot.Images(s.count(), side, i -> pixels[i], labels);
    }
    LabelledSet.Idx idx = (LabelledSet.Idx) task.images();
    LabelledImages set = Sources.readIdx(idx.images(), idx.labels(), task.classNames());
    int n = idx.limit() == 0 ? set.size() : Math.min(idx.limit(), set.size());
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = set.label(i);
    }
    return new ZeroShot.Images(n, side,
        i -> Images.resize(set.rgb(i), set.height(), set.width(), side), labels);
  }
}
