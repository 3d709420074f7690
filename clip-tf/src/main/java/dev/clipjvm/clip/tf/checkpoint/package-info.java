/**
 * Checkpoint import: reading safetensors and {@code torch.save} archives, mapping OpenAI,
 * open_clip and Hugging Face names, inferring the architecture from tensor shapes, converting
 * layouts and interpolating positional embeddings.
 */
package dev.clipjvm.clip.tf.checkpoint;
