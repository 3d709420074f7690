/** Root package of the clip-examples module; see the sub-packages. */
package dev.clipjvm.clip.examples;
