/**
 * Released CLIP weights: a registry of OpenAI's nine models and the Hugging Face hub's CLIP
 * checkpoints ({@link dev.clipjvm.clip.data.pretrained.PretrainedRegistry}), and a downloader
 * that fetches a model once into a local cache, resumes interrupted transfers, verifies SHA-256
 * and afterwards works offline ({@link dev.clipjvm.clip.data.pretrained.Pretrained}).
 *
 * <p>Failures are the checked {@link dev.clipjvm.clip.data.pretrained.PretrainedException} and
 * its subclasses, one per cause (unknown name, network, HTTP status, checksum, cache directory).
 */
package dev.clipjvm.clip.data.pretrained;
