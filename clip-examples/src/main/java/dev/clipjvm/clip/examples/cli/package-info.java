/** The {@code clip} command line: one picocli class per sub-command. */
package dev.clipjvm.clip.examples.cli;
