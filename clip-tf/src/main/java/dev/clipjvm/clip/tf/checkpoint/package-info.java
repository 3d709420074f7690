/**
 * Checkpoint import, the one entry point for weights (inference and fine-tuning): reading
 * safetensors and {@code torch.save} archives, mapping OpenAI, open_clip and Hugging Face names,
 * inferring the architecture from tensor shapes, checking every state dict against the
 * architecture's {@link dev.clipjvm.clip.api.cost.ParameterManifest}, converting layouts and
 * interpolating positional embeddings.
 */
package dev.clipjvm.clip.tf.checkpoint;
