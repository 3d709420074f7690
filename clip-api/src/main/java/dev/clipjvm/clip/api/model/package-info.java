/**
 * Model configurations: the vision encoders (ViT, ModifiedResNet), the text Transformer and
 * the CLIP model that joins them; validated on construction, with every problem reported at
 * once under its field path.
 */
package dev.clipjvm.clip.api.model;
