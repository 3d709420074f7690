/**
 * Named tensors on disk: the safetensors format (memory-mapped, validated), element types and
 * half-precision conversions. Used by checkpoint import and by test fixtures.
 */
package dev.clipjvm.clip.data.tensor;
