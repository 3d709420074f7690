/**
 * Compound scaling of CLIP models (paper section 2.4, after EfficientNet): the image encoder
 * grows in width, depth and resolution together, the text encoder in width only.
 */
package dev.clipjvm.clip.api.scaling;
