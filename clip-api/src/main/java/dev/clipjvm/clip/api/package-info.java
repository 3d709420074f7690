/**
 * Descriptions of CLIP models, data and experiments as immutable values; no TensorFlow here.
 *
 * <p>Sub-packages: {@code model} (encoder and model configurations, presets), {@code train}
 * (training configuration), {@code json} (JSON forms with open_clip's keys), {@code cost}
 * (parameter manifest, parameter and MAC estimates), {@code scaling} (compound scaling), and
 * further packages for data and pipelines.
 */
package dev.clipjvm.clip.api;
