/**
 * TensorFlow-backed helpers for clip-data's images: {@link dev.clipjvm.clip.tf.data.TfJpegDecoder}
 * decodes JPEGs with TensorFlow's libjpeg-turbo (Pillow's pixels, registered as clip-data's
 * {@link dev.clipjvm.clip.data.image.FastJpegDecoder} service); clip-examples'
 * {@code JpegDecodeBenchmark} compares it with ImageIO.
 */
package dev.clipjvm.clip.tf.data;
