/**
 * What the library's file writers share: a full disk reported as {@link
 * dev.clipjvm.clip.data.io.DiskFullException} naming the file being written, whichever writer
 * (checkpoints, metrics, shards, safetensors outputs) met it.
 */
package dev.clipjvm.clip.data.io;
