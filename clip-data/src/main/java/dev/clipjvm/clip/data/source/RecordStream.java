package dev.clipjvm.clip.data.source;

import java.io.Closeable;
import java.util.Iterator;

/** One pass over a {@link RecordSource}; close it to release files. */
public interface RecordStream extends Iterator<SourceItem>, Closeable {
  @Override
  void close();
}
