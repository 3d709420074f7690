/**
 * Executes {@link dev.clipjvm.clip.api.data.DataPipeline} descriptions as composed: sharding,
 * epochs, a seeded shuffle buffer, weighted mixing, decoding and augmentation on a bounded worker
 * pool with results in sequence order, tokenization, batching, bad-record accounting and a
 * resumable {@link dev.clipjvm.clip.api.data.DataPosition}. Entry points: {@link
 * dev.clipjvm.clip.data.pipeline.Loader} (a pipeline), {@link
 * dev.clipjvm.clip.data.pipeline.LoaderBatchSource} (an experiment's training data, for every
 * source: epoch size, stream positions, rank/world-size shards), {@link
 * dev.clipjvm.clip.data.pipeline.EvalSets} (zero-shot evaluation images).
 */
package dev.clipjvm.clip.data.pipeline;
