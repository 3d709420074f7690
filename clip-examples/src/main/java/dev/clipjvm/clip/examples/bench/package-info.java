/**
 * Benchmarks: {@code clip bench}'s throughput rows, each a {@link
 * dev.clipjvm.clip.examples.bench.BenchRow} with a stable JSON key, and the stand-alone benchmark
 * programs the scripts in {@code docs/bench} run through the launcher ({@code CLIP_MAIN=...}):
 * {@link dev.clipjvm.clip.examples.bench.InputsBenchmark} (tokenization and preprocessing, as the
 * reference's {@code docs/bench/reference_inputs.py} measures them) and
 * {@link dev.clipjvm.clip.examples.bench.JpegDecodeBenchmark} (ImageIO against TensorFlow's
 * libjpeg-turbo). The library modules hold no benchmark programs.
 */
package dev.clipjvm.clip.examples.bench;
