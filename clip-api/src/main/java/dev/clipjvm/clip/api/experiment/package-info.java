/**
 * Experiments: one description of a training run (model, data, training, tokenizer,
 * initialization and zero-shot evaluation), with presets and a JSON form.
 */
package dev.clipjvm.clip.api.experiment;
