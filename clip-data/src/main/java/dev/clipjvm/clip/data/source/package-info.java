/**
 * Record sources: WebDataset tar shards, CSV/TSV files, image folders, and adapters for the
 * built-in synthetic data and IDX files. A source yields {@link dev.clipjvm.clip.data.source.SourceItem}s
 * in a fixed order; unusable records are yielded as {@link dev.clipjvm.clip.data.source.SourceItem.Bad}
 * with a {@link dev.clipjvm.clip.data.source.BadReason} so the pipeline can count them.
 */
package dev.clipjvm.clip.data.source;
