/**
 * Zero-shot classification (paper section 3.1.4): class names and prompt templates become the
 * weights of a linear classifier over image embeddings. {@link
 * dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier#ensemble} is the one prompt-ensembling
 * implementation, used by {@link dev.clipjvm.clip.tf.inference.ClipModel} and by the evaluation
 * during training alike.
 */
package dev.clipjvm.clip.tf.zeroshot;
