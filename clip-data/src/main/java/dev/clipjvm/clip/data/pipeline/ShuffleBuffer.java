package dev.clipjvm.clip.data.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded shuffle buffer over a stream: fill {@code capacity} items, then each output is a
 * uniformly random buffered item replaced by the next input; the tail drains in random order.
 * The output order is a pure function of the input order and the seed.
 */
final class ShuffleBuffer<T> implements Iterator<T> {
  private final Iterator<T> input;
  private final int capacity;
  private final SplittableRandom random;
  private final List<T> buffer;

  ShuffleBuffer(Iterator<T> input, int capacity, long seed) {
    this.input = input;
    this.capacity = capacity;
    this.random = new SplittableRandom(seed);
    this.buffer = new ArrayList<>(Math.min(capacity, 1 << 16));
  }

  @Override
  public boolean hasNext() {
    fill();
    return !buffer.isEmpty();
  }

  @Override
  public T next() {
    fill();
    if (buffer.isEmpty()) {
      throw new NoSuchElementException();
    }
    int j = random.nextInt(buffer.size());
    T out = buffer.get(j);
    if (input.hasNext()) {
      buffer.set(j, input.next());
    } else {
      buffer.set(j, buffer.get(buffer.size() - 1));
      buffer.remove(buffer.size() - 1);
    }
    return out;
  }

  private void fill() {
    while (buffer.size() < capacity && input.hasNext()) {
      buffer.add(input.next());
    }
  }
}
