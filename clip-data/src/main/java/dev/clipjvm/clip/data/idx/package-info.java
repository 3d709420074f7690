/**
 * The IDX file format of MNIST and Fashion-MNIST (plain or gzip-compressed): a reader that
 * validates magic number, element type and dimensions, and labelled image sets built from an
 * image file and a label file, with the Fashion-MNIST class names for templated captions.
 */
package dev.clipjvm.clip.data.idx;
