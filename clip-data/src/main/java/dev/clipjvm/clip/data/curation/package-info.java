/**
 * WIT-style curation (paper section 2.2): keep (image, text) pairs whose text contains one of a
 * list of queries (whole words, case-insensitive, multi-word queries allowed), balanced to at
 * most K pairs per query, streaming over shards in memory that does not grow with the corpus.
 */
package dev.clipjvm.clip.data.curation;
