/**
 * Transfer evaluation on frozen features (the paper's Section 3.2 and 3.3): the linear probe
 * (multinomial logistic regression by L-BFGS with an L2 strength swept on a validation split),
 * few-shot probes, image-text retrieval recall and effective robustness. Plain Java on arrays: no
 * TensorFlow session is needed once the features exist.
 */
package dev.clipjvm.clip.tf.transfer;
