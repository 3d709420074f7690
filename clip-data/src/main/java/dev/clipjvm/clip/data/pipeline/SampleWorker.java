package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.data.source.BadReason;
import dev.clipjvm.clip.data.source.ImageData;
import dev.clipjvm.clip.data.source.RegularFiles;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.source.SourceItem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The per-record work done on the pool: read (deferred files), decode, check the pixel limit,
 * augment with a random stream seeded by the record's place in the order (so results do not
 * depend on thread timing), tokenize.
 */
final class SampleWorker {
  private final SampleCodecs codecs;
  private final long maxPixels;
  private final int imageSize;
  private final Augmentation augmentation;
  private final int contextLength;

  SampleWorker(SampleCodecs codecs, long maxPixels, int imageSize, Augmentation augmentation,
      int contextLength) {
    this.codecs = codecs;
    this.maxPixels = maxPixels;
    this.imageSize = imageSize;
    this.augmentation = augmentation;
    this.contextLength = contextLength;
  }

  Outcome process(SourceItem item, long randomSeed) {
    if (item instanceof SourceItem.Deferred d) {
      try {
        item = d.load().get();
      } catch (RuntimeException e) {
        return new Outcome.Skipped(d.key(), BadReason.UNREADABLE_FILE, d.key() + ": " + e);
      }
    }
    if (item instanceof SourceItem.Bad b) {
      return new Outcome.Skipped(b.key(), b.reason(), b.detail());
    }
    SourceItem.Pair pair = (SourceItem.Pair) item;
    try {
      Pixels image = pixels(pair);
      if ((long) image.width() * image.height() > maxPixels) {
        throw new BadRecordException(BadReason.OVERSIZED_IMAGE, pair.key() + " has "
            + image.width() + "x" + image.height() + " pixels, more than " + maxPixels);
      }
      byte[] out = codecs.augmenter().apply(image, imageSize, augmentation, randomSeed);
      return new Outcome.Sample(pair.key(), out, pair.caption(), tokens(pair.caption()),
          pair.label().orElse(-1));
    } catch (BadRecordException e) {
      return new Outcome.Skipped(pair.key(), e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      // A decoder that throws instead of reporting still must not stop the run.
      return new Outcome.Skipped(pair.key(), BadReason.CORRUPT_IMAGE,
          pair.key() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private int[] tokens(String caption) {
    return contextLength == 0 ? new int[0] : codecs.tokenizer().tokenize(caption, contextLength);
  }

  private Pixels pixels(SourceItem.Pair pair) throws BadRecordException {
    ImageData data = pair.image();
    if (data instanceof ImageData.Rendered r) {
      return r.render().get();
    }
    byte[] bytes;
    if (data instanceof ImageData.File f) {
      Optional<RegularFiles.Refusal> refused = RegularFiles.check(f.path());
      if (refused.isPresent()) {
        throw new BadRecordException(refused.get().reason(), refused.get().detail());
      }
      try {
        bytes = Files.readAllBytes(f.path());
      } catch (IOException | OutOfMemoryError e) {
        throw new BadRecordException(BadReason.UNREADABLE_FILE, "cannot read " + f.path() + ": "
            + e);
      }
    } else {
      bytes = ((ImageData.Encoded) data).bytes();
    }
    return codecs.decoder().decode(bytes, maxPixels);
  }
}
