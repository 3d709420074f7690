/**
 * Where TensorFlow runs: the one place that turns a {@link dev.clipjvm.clip.api.train.Device}
 * ({@code cpu}, {@code gpu:N}, {@code auto}) into a session configuration, with GPU memory
 * growth on, and refuses a GPU this process cannot use with a message that says why.
 */
package dev.clipjvm.clip.tf.device;
