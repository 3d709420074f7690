/**
 * How the command line shows a training run: a progress bar or log lines on standard error
 * ({@link dev.clipjvm.clip.examples.render.TrainingProgress}) and PNG plots of its metrics
 * ({@link dev.clipjvm.clip.examples.render.Plots}). The library only calls the hooks of
 * {@link dev.clipjvm.clip.tf.train.TrainingListener}, so its class path carries neither the
 * terminal nor the charting library.
 */
package dev.clipjvm.clip.examples.render;
