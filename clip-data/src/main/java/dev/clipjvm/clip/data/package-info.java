/** Root package of the clip-data module; see the sub-packages. */
package dev.clipjvm.clip.data;
