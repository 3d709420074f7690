/**
 * Checkpoint import, the one entry point for weights (inference and fine-tuning): reading
 * safetensors, {@code torch.save} archives and OpenAI's released TorchScript archives (within the
 * budgets of {@code PickleLimits}), mapping OpenAI, open_clip and Hugging Face names, inferring
 * the architecture from tensor shapes, checking every state dict against the architecture's
 * {@link dev.clipjvm.clip.api.cost.ParameterManifest}, converting layouts and interpolating
 * positional embeddings.
 */
package dev.clipjvm.clip.tf.checkpoint;
