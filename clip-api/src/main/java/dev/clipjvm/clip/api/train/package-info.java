/**
 * Training configurations: batch size, length, the AdamW optimizer, the warmup + cosine
 * learning-rate schedule, precision, gradient clipping, checkpointing and logging cadence; with
 * the paper's settings as presets (Radford et al. 2021, appendix F, table 19).
 */
package dev.clipjvm.clip.api.train;
