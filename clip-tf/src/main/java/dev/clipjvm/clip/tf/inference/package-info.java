/** Inference: loaded models that encode images and texts and score them. */
package dev.clipjvm.clip.tf.inference;
