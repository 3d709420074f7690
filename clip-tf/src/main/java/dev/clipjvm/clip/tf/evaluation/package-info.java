/**
 * The evaluation suite on a loaded {@link dev.clipjvm.clip.tf.inference.ClipModel}: zero-shot
 * accuracy, linear probes, retrieval and effective robustness measured from data, with the JSON
 * documents the {@code clip eval} commands print and the experiment's evaluation commands write
 * ({@link dev.clipjvm.clip.tf.evaluation.EvaluationCommands}), so both give the same figures
 * from the same code.
 */
package dev.clipjvm.clip.tf.evaluation;
