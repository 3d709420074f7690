package dev.clipjvm.clip.data.pipeline;

/**
 * The functions the loader's workers apply to each record: decoding, augmentation and
 * tokenization (implemented by {@code dev.clipjvm.clip.data.image} and
 * {@code dev.clipjvm.clip.data.text}).
 *
 * @param decoder encoded bytes to pixels
 * @param augmenter pixels to a square input
 * @param tokenizer caption to token ids
 * @param fused an optional fused path for encoded images, tried before decoder and augmenter
 */
public record SampleCodecs(BytesDecoder decoder, ImageAugmenter augmenter,
    CaptionTokenizer tokenizer, EncodedAugmenter fused) {

  /** Codecs without a fused path. */
  public SampleCodecs(BytesDecoder decoder, ImageAugmenter augmenter,
      CaptionTokenizer tokenizer) {
    this(decoder, augmenter, tokenizer, EncodedAugmenter.none());
  }

  /** These codecs with {@code fused} tried first for encoded images. */
  public SampleCodecs withFused(EncodedAugmenter fused) {
    return new SampleCodecs(decoder, augmenter, tokenizer, fused);
  }
}
