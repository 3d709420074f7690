/**
 * Executes {@link dev.clipjvm.clip.api.data.DataPipeline} descriptions: sharding, epochs, a seeded
 * shuffle buffer, weighted mixing, decoding and augmentation on a bounded worker pool with
 * results in sequence order, tokenization, batching, bad-record accounting and a resumable
 * {@link dev.clipjvm.clip.api.data.DataPosition}. Entry point: {@link dev.clipjvm.clip.data.pipeline.Loader}.
 */
package dev.clipjvm.clip.data.pipeline;
