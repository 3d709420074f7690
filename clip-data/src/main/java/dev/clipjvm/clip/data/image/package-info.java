/**
 * Image decoding and preprocessing with the reference's pixel arithmetic: decoding through
 * ImageIO and TwelveMonkeys with a decompression-bomb guard, Pillow-compatible bicubic resizing,
 * the eval transform and open_clip's other resize modes, the training crops, and conversion to
 * float or 8-bit arrays.
 *
 * <p>Entry points: {@link dev.clipjvm.clip.data.image.ImageDecoder},
 * {@link dev.clipjvm.clip.data.image.ImageTransform} and
 * {@link dev.clipjvm.clip.data.image.Preprocessor}.
 */
package dev.clipjvm.clip.data.image;
