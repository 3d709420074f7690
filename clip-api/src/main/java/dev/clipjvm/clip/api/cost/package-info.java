/**
 * What a model costs before it is built: the exact list of tensors of OpenAI's state dict
 * ({@link dev.clipjvm.clip.api.cost.ParameterManifest}), parameter counts, and multiply-accumulate
 * counts per image and per text ({@link dev.clipjvm.clip.api.cost.CostEstimate}).
 */
package dev.clipjvm.clip.api.cost;
