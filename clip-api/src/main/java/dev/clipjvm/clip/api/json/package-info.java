/**
 * JSON forms of the configurations, with open_clip's key names for models: reading reports
 * every problem at once (unknown keys, wrong types, invalid values) with its key path, writing
 * emits every field so that JSON -> record -> JSON is lossless.
 */
package dev.clipjvm.clip.api.json;
