/** Root package of the clip-tf module; see the sub-packages. */
package dev.clipjvm.clip.tf;
