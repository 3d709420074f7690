/**
 * Reproducible throughput measurements of the input side (tokenization and image
 * preprocessing), comparable with the reference's {@code inputs_peer_bench.py}.
 */
package dev.clipjvm.clip.data.bench;
