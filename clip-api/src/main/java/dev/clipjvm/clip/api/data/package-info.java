/**
 * Data descriptions: where training pairs come from ({@link dev.clipjvm.clip.api.data.SourceConfig}
 * and its variants), how images are augmented, the {@link dev.clipjvm.clip.api.data.DataConfig}
 * an experiment holds, and the functional pipeline vocabulary
 * ({@link dev.clipjvm.clip.api.data.DataPipeline} of {@link dev.clipjvm.clip.api.data.Stage}s)
 * that clip-data executes. All values are immutable and validated on construction; the JSON
 * form ({@link dev.clipjvm.clip.api.data.DataJson}) reads to equal values.
 */
package dev.clipjvm.clip.api.data;
