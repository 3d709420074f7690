/**
 * Descriptions of CLIP models, data and experiments as immutable values; no TensorFlow here.
 *
 * <p>Sub-packages: {@code model} (encoder and model configurations, presets, estimates,
 * scaling), and further packages for training, data and pipelines.
 */
package dev.clipjvm.clip.api;
