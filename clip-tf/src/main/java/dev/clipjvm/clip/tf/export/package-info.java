/**
 * TensorFlow SavedModel export: a CLIP model as a SavedModel with serving signatures for texts,
 * preprocessed images, raw images (resized and cropped in the graph) and logits.
 */
package dev.clipjvm.clip.tf.export;
