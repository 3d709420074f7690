package dev.clipjvm.clip.data.source;

import dev.clipjvm.clip.data.idx.LabelledImages;
import dev.clipjvm.clip.data.image.Pixels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * MNIST-format image and label files as a record source: record {@code i} is image {@code i},
 * captioned by template {@code i mod templates} filled with its class name and labelled with its
 * class. The files are read once, on the first pass.
 */
public final class IdxRecordSource implements RecordSource {
  private final Path images;
  private final Path labels;
  private final List<String> classNames;
  private final List<String> templates;
  private LabelledImages data;

  /** Reads {@code images}/{@code labels} (gzip or plain) with the given names and templates. */
  public IdxRecordSource(Path images, Path labels, List<String> classNames,
      List<String> templates) {
    this.images = images;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
    this.templates = List.copyOf(templates);
  }

  private synchronized LabelledImages data() throws IOException {
    if (data == null) {
      data = LabelledImages.read(images, labels, classNames);
    }
    return data;
  }

  @Override
  public RecordStream open() throws IOException {
    LabelledImages d = data();
    return new RecordStream() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < d.size();
      }

      @Override
      public SourceItem next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = next++;
        String key = "idx-" + i;
        return new SourceItem.Deferred(key, () -> {
          int label = d.label(i);
          String caption = caption(i, label);
          Pixels image = Pixels.rgb(d.width(), d.height(), d.rgb(i));
          return new SourceItem.Pair(key, new ImageData.Rendered(() -> image), caption, "",
              OptionalInt.of(label));
        });
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public long count() throws IOException {
    return data().size();
  }

  /** Record {@code i}'s caption is template {@code i mod templates} with its class name. */
  @Override
  public List<String> captions(int count) throws IOException {
    LabelledImages d = data();
    List<String> out = new java.util.ArrayList<>(count);
    for (int i = 0; i < Math.min(count, d.size()); i++) {
      out.add(caption(i, d.label(i)));
    }
    return out;
  }

  private String caption(int i, int label) {
    return templates.get(i % templates.size()).replace("{}", classNames.get(label));
  }

  @Override
  public String describe() {
    return images.toString();
  }
}
