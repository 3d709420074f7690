package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.DataPipeline;
import dev.clipjvm.clip.api.data.DataPosition;
import dev.clipjvm.clip.api.data.SourceConfig;
import dev.clipjvm.clip.api.data.Stage;
import dev.clipjvm.clip.api.experiment.Attribute;
import dev.clipjvm.clip.api.experiment.LabelledSet;
import dev.clipjvm.clip.data.source.ResolvedSource;
import dev.clipjvm.clip.data.source.Sources;
import dev.clipjvm.clip.data.source.SyntheticRecordSource;
import dev.clipjvm.clip.data.synthetic.Split;
import dev.clipjvm.clip.data.synthetic.SyntheticDataset;
import dev.clipjvm.clip.data.synthetic.SyntheticSpec;
import java.util.List;

/**
 * The labelled images a zero-shot task is scored on, read through the same record sources and
 * {@link Loader} as training data (one epoch, decode, centre crop, one batch), so evaluation
 * images are made by the code that makes training images.
 */
public final class EvalSets {
  private EvalSets() {}

  /**
   * The images of {@code set} as one batch of centre-cropped {@code imageSize} inputs with their
   * labels (class indices into {@code classNames}); synthetic images come from the dataset of
   * {@code syntheticSeed}.
   */
  public static Batch read(LabelledSet set, List<String> classNames, int imageSize,
      long syntheticSeed) {
    if (set instanceof LabelledSet.Synthetic s) {
      SyntheticDataset ds = new SyntheticDataset(SyntheticSpec.of(syntheticSeed, imageSize)
          .withShift(s.shift()));
      Split split = s.heldOutCombos() ? Split.HELD_OUT_COMBOS : Split.TEST;
      ResolvedSource source = ResolvedSource.of(new SyntheticRecordSource(ds, split, s.count(), 0,
          d -> s.attribute() == Attribute.SHAPE ? d.subject().shape().ordinal()
              : d.subject().color().ordinal()));
      DataPipeline p = pipeline(SourceConfig.synthetic(syntheticSeed, s.count()), imageSize,
          s.count());
      return first(p, source);
    }
    LabelledSet.Idx idx = (LabelledSet.Idx) set;
    SourceConfig config = SourceConfig.idx(idx.images(), idx.labels(), classNames, List.of("{}"));
    ResolvedSource source = Sources.resolve(config, imageSize, Augmentation.centerCrop());
    int count = idx.limit();
    if (count == 0) {
      try {
        count = Math.toIntExact(source.parts().get(0).count());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e.getMessage(), e);
      }
    }
    return first(pipeline(config, imageSize, count), source);
  }

  private static DataPipeline pipeline(SourceConfig source, int imageSize, int count) {
    return DataPipeline.from(source).epochs(1).decode(Stage.Decode.DEFAULT_MAX_PIXELS, 0.0)
        .augment(imageSize, Augmentation.centerCrop()).batch(count);
  }

  private static Batch first(DataPipeline p, ResolvedSource source) {
    try (Loader loader = Loader.open(p, ClipCodecs.imagesOnly(), source,
        DataPosition.start(1))) {
      return loader.next();
    }
  }
}
