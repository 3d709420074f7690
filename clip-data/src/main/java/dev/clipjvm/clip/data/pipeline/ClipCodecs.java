package dev.clipjvm.clip.data.pipeline;

import dev.clipjvm.clip.api.data.Augmentation;
import dev.clipjvm.clip.api.data.CenterCrop;
import dev.clipjvm.clip.api.data.RandomResizedCrop;
import dev.clipjvm.clip.api.data.RandomSquareCrop;
import dev.clipjvm.clip.data.image.FastJpegDecoder;
import dev.clipjvm.clip.data.image.ImageDecodeException;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.ImageTooLargeException;
import dev.clipjvm.clip.data.image.ImageTransform;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.source.BadReason;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import java.util.List;

/**
 * The standard codecs: {@link ImageDecoder} (ImageIO with TwelveMonkeys, bomb guard), the image
 * package's Pillow-compatible transforms, and a {@link BpeTokenizer}.
 */
public final class ClipCodecs {
  private ClipCodecs() {}

  /** Decoding and augmentation from the image package, tokenization with {@code tokenizer}. */
  public static SampleCodecs of(BpeTokenizer tokenizer) {
    return new SampleCodecs(ClipCodecs::decode, ClipCodecs::augment,
        (caption, ctx) -> tokenizer.tokenize(List.of(caption), ctx, Overflow.TRUNCATE)[0]);
  }

  /** Decoding and augmentation only; captions are not tokenized (no tokenize stage allowed). */
  public static SampleCodecs imagesOnly() {
    return new SampleCodecs(ClipCodecs::decode, ClipCodecs::augment, (caption, ctx) -> {
      throw new IllegalStateException("this loader has no tokenizer; remove the tokenize stage");
    });
  }

  /** The name of the fast JPEG decoder the standard codecs use, or {@code "imageio"}. */
  public static String jpegDecoderName() {
    return FastJpegDecoder.installed().map(FastJpegDecoder::name).orElse("imageio");
  }

  static Pixels decode(byte[] bytes, long maxPixels) throws BadRecordException {
    try {
      return new ImageDecoder(maxPixels).decode(bytes, "image");
    } catch (ImageTooLargeException e) {
      throw new BadRecordException(BadReason.OVERSIZED_IMAGE, e.getMessage());
    } catch (ImageDecodeException e) {
      throw new BadRecordException(BadReason.CORRUPT_IMAGE, e.getMessage());
    }
  }

  /** The image package's transform for an augmentation description. */
  public static ImageTransform transform(int size, Augmentation augmentation) {
    if (augmentation instanceof RandomResizedCrop r) {
      return new dev.clipjvm.clip.data.image.RandomResizedCrop(size, r.scaleMin(), r.scaleMax(),
          r.ratioMin(), r.ratioMax());
    } else if (augmentation instanceof RandomSquareCrop) {
      return new dev.clipjvm.clip.data.image.RandomSquareCrop(size);
    } else if (augmentation instanceof CenterCrop) {
      return ImageTransform.eval(size);
    }
    throw new IllegalArgumentException("unknown augmentation " + augmentation);
  }

  static byte[] augment(Pixels image, int size, Augmentation augmentation, long seed) {
    return transform(size, augmentation).apply(image, seed).toRgb().data();
  }
}
