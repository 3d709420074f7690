/**
 * Checkpoint import: reading safetensors, {@code torch.save} archives and OpenAI's released
 * TorchScript archives (within the budgets of {@code PickleLimits}), mapping OpenAI,
 * open_clip and Hugging Face names, inferring the architecture from tensor shapes, converting
 * layouts and interpolating positional embeddings.
 */
package dev.clipjvm.clip.tf.checkpoint;
