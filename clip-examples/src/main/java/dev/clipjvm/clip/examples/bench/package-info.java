/**
 * {@code clip bench}: throughput rows measured on this machine, each a {@link
 * dev.clipjvm.clip.examples.bench.BenchRow} with a stable JSON key.
 */
package dev.clipjvm.clip.examples.bench;
