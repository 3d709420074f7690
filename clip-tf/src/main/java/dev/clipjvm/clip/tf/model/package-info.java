/**
 * Graph builders for CLIP's encoders (ViT, ModifiedResNet, causal text Transformer), shared by
 * inference and training: each builder asks a {@link dev.clipjvm.clip.tf.model.Parameters} for
 * its weights by OpenAI checkpoint name, with the shape, layout and reference initialization
 * given by a {@link dev.clipjvm.clip.tf.model.ParamSpec}.
 */
package dev.clipjvm.clip.tf.model;
