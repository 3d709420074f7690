/**
 * Semantic image search: an index of normalized image embeddings on disk, built incrementally
 * from image folders, ranked by cosine similarity against a text or image query.
 */
package dev.clipjvm.clip.tf.search;
