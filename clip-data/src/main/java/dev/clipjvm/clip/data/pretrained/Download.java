package dev.clipjvm.clip.data.pretrained;

import java.nio.file.Path;

/**
 * A checkpoint present and verified in the cache.
 *
 * @param model the registry entry
 * @param path the cached file
 * @param sha256 its SHA-256, as verified
 * @param bytes its size
 * @param cached true when the file was already in the cache (no network used)
 */
public record Download(PretrainedModel model, Path path, String sha256, long bytes,
    boolean cached) {}
