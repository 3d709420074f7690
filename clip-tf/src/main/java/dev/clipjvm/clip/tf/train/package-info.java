/**
 * Graph-mode contrastive training: the symmetric cross-entropy over the similarity matrix, an
 * explicit AdamW with decoupled weight decay, global-norm clipping, the training graph and loop,
 * atomic checkpoints with exact resume, metrics (JSON lines, TensorBoard) and zero-shot
 * evaluation. Progress and plots are the application's: the loop calls a
 * {@link dev.clipjvm.clip.tf.train.TrainingListener} and renders nothing itself. The loss is a function of (local features, gathered features) and gradients are an
 * explicit list, so data-parallel training can insert an all-gather and an all-reduce.
 */
package dev.clipjvm.clip.tf.train;
