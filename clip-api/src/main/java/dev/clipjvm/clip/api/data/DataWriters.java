package dev.clipjvm.clip.api.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clipjvm.clip.api.json.Json;
import java.util.List;
import java.util.Locale;

/** Writers from data descriptions to JSON trees; the inverse of {@link DataReaders}. */
final class DataWriters {
  private DataWriters() {}

  static ObjectNode config(DataConfig c) {
    ObjectNode o = Json.object();
    o.set("source", source(c.source()));
    o.put("image_size", c.imageSize());
    o.set("augmentation", augmentation(c.augmentation()));
    o.put("shuffle_buffer", c.shuffleBuffer());
    o.put("max_bad_fraction", c.maxBadFraction());
    return o;
  }

  static ObjectNode source(SourceConfig s) {
    ObjectNode o = Json.object();
    o.put("type", s.type());
    if (s instanceof SyntheticSource x) {
      o.put("seed", x.seed());
      o.put("samples", x.samples());
      o.put("held_out", x.heldOut());
      if (x.shift() != SyntheticShift.NONE) {
        o.put("shift", x.shift().id()); // left out when unshifted: older files stay unchanged
      }
    } else if (s instanceof WebDatasetSource x) {
      o.set("shards", texts(x.shards()));
    } else if (s instanceof CsvSource x) {
      o.put("path", x.path());
      o.put("image_column", x.imageColumn());
      o.put("caption_column", x.captionColumn());
      o.put("separator", String.valueOf(x.separator()));
    } else if (s instanceof ImageFolderSource x) {
      o.put("path", x.path());
      o.put("layout", x.layout().name().toLowerCase(Locale.ROOT));
      if (!x.templates().isEmpty()) {
        o.set("templates", texts(x.templates()));
      }
    } else if (s instanceof IdxSource x) {
      o.put("images", x.images());
      o.put("labels", x.labels());
      o.set("class_names", texts(x.classNames()));
      o.set("templates", texts(x.templates()));
    } else if (s instanceof MixedSource x) {
      ArrayNode parts = o.putArray("sources");
      for (WeightedSource w : x.sources()) {
        ObjectNode p = parts.addObject();
        p.put("weight", w.weight());
        p.set("source", source(w.source()));
      }
    }
    return o;
  }

  static ObjectNode augmentation(Augmentation a) {
    ObjectNode o = Json.object();
    o.put("type", a.type());
    if (a instanceof RandomResizedCrop r) {
      o.putArray("scale").add(r.scaleMin()).add(r.scaleMax());
      o.putArray("ratio").add(r.ratioMin()).add(r.ratioMax());
    }
    return o;
  }

  static ObjectNode pipeline(DataPipeline p) {
    ObjectNode o = Json.object();
    o.set("source", source(p.source()));
    ArrayNode stages = o.putArray("stages");
    p.stages().forEach(s -> stages.add(stage(s)));
    return o;
  }

  static ObjectNode stage(Stage s) {
    ObjectNode o = Json.object();
    o.put("stage", s.name());
    if (s instanceof Stage.Shard x) {
      o.put("rank", x.rank()).put("world_size", x.worldSize());
    } else if (s instanceof Stage.Epochs x) {
      o.put("count", x.count());
    } else if (s instanceof Stage.Shuffle x) {
      o.put("buffer", x.buffer()).put("seed", x.seed());
    } else if (s instanceof Stage.Decode x) {
      o.put("max_pixels", x.maxPixels()).put("max_bad_fraction", x.maxBadFraction());
    } else if (s instanceof Stage.Augment x) {
      o.put("image_size", x.imageSize());
      o.set("augmentation", augmentation(x.augmentation()));
    } else if (s instanceof Stage.Tokenize x) {
      o.put("context_length", x.contextLength());
    } else if (s instanceof Stage.Batch x) {
      o.put("size", x.size()).put("drop_last", x.dropLast());
    } else if (s instanceof Stage.Prefetch x) {
      o.put("batches", x.batches()).put("workers", x.workers());
    }
    return o;
  }

  static ObjectNode position(DataPosition p) {
    ObjectNode o = Json.object();
    o.put("draws", p.draws());
    ArrayNode parts = o.putArray("parts");
    for (DataPosition.Part part : p.parts()) {
      parts.addObject().put("epoch", part.epoch()).put("consumed", part.consumed());
    }
    return o;
  }

  private static ArrayNode texts(List<String> values) {
    ArrayNode a = Json.mapper().createArrayNode();
    values.forEach(a::add);
    return a;
  }
}
