/**
 * JShell notebooks: runs a {@code .jsh} file snippet by snippet against the library's class path
 * and fails on the first snippet that does not compile or throws ({@code clip jshell NOTEBOOK}),
 * which the JShell tool itself does not do.
 */
package dev.clipjvm.clip.examples.notebook;
