/**
 * Where model weights live: graph variables created on demand by the graph builders, initialized
 * from a checkpoint or from the reference's seeded random initialization.
 */
package dev.clipjvm.clip.tf.params;
