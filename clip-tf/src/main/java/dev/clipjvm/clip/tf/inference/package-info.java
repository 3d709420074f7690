/**
 * Inference: {@link dev.clipjvm.clip.tf.inference.ClipModel} (a model bound to its tokenizer,
 * context and image processing; files and strings in, normalized embeddings out), the
 * lower-level {@link dev.clipjvm.clip.tf.inference.ClipEncoder} (token ids and normalized pixel
 * arrays in), and {@link dev.clipjvm.clip.tf.inference.ImageFeatures} (features and labels of a
 * labelled dataset, for linear probes).
 */
package dev.clipjvm.clip.tf.inference;
