/**
 * Runs an {@link dev.clipjvm.clip.api.experiment.Experiment}: resolves its tokenizer, opens its
 * training data through clip-data's pipeline (one {@link
 * dev.clipjvm.clip.data.pipeline.BatchSource} for every source), builds and initializes the training graph
 * (from scratch, a checkpoint to fine-tune, or the run's own last checkpoint to resume), trains,
 * evaluates zero-shot, and writes the run directory (checkpoints, metrics, plots, report).
 */
package dev.clipjvm.clip.tf.experiment;
