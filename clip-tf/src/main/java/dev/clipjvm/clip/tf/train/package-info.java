/**
 * Graph-mode contrastive training: the symmetric cross-entropy over the similarity matrix, an
 * explicit AdamW with decoupled weight decay, global-norm clipping, the training graph and loop,
 * atomic checkpoints with exact resume, metrics (JSON lines, TensorBoard, plots) and zero-shot
 * evaluation. The loss is a function of (local features, gathered features) and gradients are an
 * explicit list, so data-parallel training can insert an all-gather and an all-reduce.
 */
package dev.clipjvm.clip.tf.train;
