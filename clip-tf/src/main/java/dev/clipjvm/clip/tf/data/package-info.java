/**
 * TensorFlow-backed helpers for the clip-data loader: JPEG decoding of just the crop window with
 * TensorFlow's libjpeg-turbo, plugged into {@link dev.clipjvm.clip.data.pipeline.SampleCodecs}.
 */
package dev.clipjvm.clip.tf.data;
