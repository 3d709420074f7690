package dev.clipjvm.clip.tf.search;

/**
 * One search result.
 *
 * @param image the image's path as indexed
 * @param score cosine similarity to the query, in [-1, 1]
 */
public record Hit(String image, float score) {}
