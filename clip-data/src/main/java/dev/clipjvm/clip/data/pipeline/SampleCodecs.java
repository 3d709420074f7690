package dev.clipjvm.clip.data.pipeline;

/**
 * The functions the loader's workers apply to each record: decoding, augmentation and
 * tokenization (implemented by {@code dev.clipjvm.clip.data.image} and
 * {@code dev.clipjvm.clip.data.text}).
 *
 * @param decoder encoded bytes to pixels
 * @param augmenter pixels to a square input
 * @param tokenizer caption to token ids
 */
public record SampleCodecs(BytesDecoder decoder, ImageAugmenter augmenter,
    CaptionTokenizer tokenizer) {}
