/**
 * The one JSON layer: {@link dev.clipjvm.clip.api.json.Json} holds the project's single strict
 * mapper (duplicate keys and trailing content rejected) and its two text forms; {@link
 * dev.clipjvm.clip.api.json.JsonFields} reads objects into records with one wording, reporting
 * every {@link dev.clipjvm.clip.api.model.Problem} (unknown keys, wrong types, integers out of
 * range, invalid values) with its key path; the {@code *Json} classes give each configuration a
 * {@code parse} method returning a Vavr {@code Validation} and a throwing {@code read}. Writing
 * emits every field, with open_clip's snake_case keys, so JSON -> record -> JSON is lossless.
 */
package dev.clipjvm.clip.api.json;
