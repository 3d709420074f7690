/**
 * A procedural captioned-image dataset that needs no download: scenes of one or two coloured
 * shapes on noisy backgrounds, rendered by pixel arithmetic, with natural captions drawn from
 * many templates. Sample {@code i} of a split is a pure function of {@code (seed, split, i)},
 * the stream is unbounded, and chosen (shape, colour) combinations never appear in training so
 * compositional zero-shot transfer can be measured.
 */
package dev.clipjvm.clip.data.synthetic;
