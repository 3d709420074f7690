/**
 * Data-parallel training on TensorFlow's distributed runtime: the {@link
 * dev.clipjvm.clip.tf.distributed.Cluster} of worker processes, each with TensorFlow's in-process
 * gRPC server ({@link dev.clipjvm.clip.tf.distributed.Worker}); the collectives between them
 * ({@link dev.clipjvm.clip.tf.distributed.Collectives}); the sharded contrastive loss whose
 * summed gradients equal one process's ({@link dev.clipjvm.clip.tf.distributed.DataParallelLoss});
 * the start-up broadcast of task 0's weights ({@link
 * dev.clipjvm.clip.tf.distributed.DataParallel}); BatchNorm running statistics of the global
 * batch ({@link dev.clipjvm.clip.tf.distributed.GlobalBatchStatistics}); every rank's stream
 * position for task 0's checkpoints ({@link
 * dev.clipjvm.clip.tf.distributed.StreamPositionExchange}); and the message naming a lost
 * worker ({@link dev.clipjvm.clip.tf.distributed.Peers}).
 */
package dev.clipjvm.clip.tf.distributed;
