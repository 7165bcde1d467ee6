package org.exportcert.engine.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.ViewFields;

/**
 * The views of one finished process instance, written straight into the store's form while the
 * instance is moved out of the live state: per kind a Smile array, each view's own key and the
 * values of its {@link HistoryStore#INDEXED_FIELDS}. The same bytes as writing the views' JSON
 * trees ({@code InstanceViewsTest}), without building the trees.
 */
public final class InstanceViews {

  final long processInstanceKey;
  final Map<Kind, OfKind> kinds = new EnumMap<>(Kind.class);
  private OfKind current;

  public InstanceViews(long processInstanceKey) {
    this.processInstanceKey = processInstanceKey;
  }

  /**
   * Adds one view of {@code kind}: {@code view} writes its fields. The views of one kind are added
   * one after the other: a kind is written out when the next begins, so that one Smile buffer is
   * reused throughout (a generator per kind at once allocated a fresh buffer for each, JFR).
   */
  public void add(Kind kind, Consumer<ViewFields> view) {
    add(kind, view, null);
  }

  private void add(Kind kind, Consumer<ViewFields> fields, ObjectNode tree) {
    if (current == null || current.kind != kind) {
      if (current != null) {
        current.finish();
      }
      if (kinds.containsKey(kind)) {
        throw new IllegalStateException("the views of " + kind + " were added apart");
      }
      current = new OfKind(kind);
      kinds.put(kind, current);
    }
    if (tree != null) {
      current.tree(tree);
      return;
    }
    current.begin();
    fields.accept(current);
    current.end();
  }

  /**
   * Adds one view of {@code kind} given as a JSON tree (the format-1 copy, and callers that have
   * trees): the same bytes, key and index values as the view written field by field.
   */
  public void addTree(Kind kind, ObjectNode view) {
    add(kind, null, view);
  }

  /** Ends the last kind: nothing can be added after. */
  InstanceViews done() {
    if (current != null) {
      current.finish();
      current = null;
    }
    return this;
  }

  /** One kind's views: the array being written, and what the store's maps need of each. */
  static final class OfKind implements ViewFields {
    final Kind kind;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    private final JsonGenerator json;
    private long[] keys = new long[4];
    int count;
    /** Per indexed field (as {@link HistoryStore#INDEXED_FIELDS}), its values, each once. */
    final List<Set<String>> indexed = new ArrayList<>(HistoryStore.INDEXED_FIELDS.size());
    private long key;
    private byte[] written;

    OfKind(Kind kind) {
      this.kind = kind;
      for (int i = 0; i < HistoryStore.INDEXED_FIELDS.size(); i++) {
        indexed.add(new LinkedHashSet<>());
      }
      try {
        json = HistoryStore.SMILE.getFactory().createGenerator(bytes);
        json.writeStartArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void begin() {
      key = Long.MAX_VALUE; // what a view without a readable key is filed under, as before
      try {
        json.writeStartObject();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    void end() {
      try {
        json.writeEndObject();
      } catch (IOException e) {
        throw failed(e);
      }
      counted();
    }

    /** A whole view as a tree: written as it serialises, its scalar fields noted as the fields above note them. */
    void tree(ObjectNode view) {
      key = Long.MAX_VALUE;
      try {
        json.writeTree(view);
      } catch (IOException e) {
        throw failed(e);
      }
      view.fields().forEachRemaining(field -> {
        JsonNode value = field.getValue();
        if (value.isValueNode() && !value.isNull()) {
          scalar(field.getKey(), value.asText());
        }
      });
      counted();
    }

    private void counted() {
      if (count == keys.length) {
        keys = Arrays.copyOf(keys, count * 2);
      }
      keys[count++] = key;
    }

    long[] keys() {
      return Arrays.copyOf(keys, count);
    }

    /** Ends the array (once) and returns it. */
    byte[] finish() {
      if (written == null) {
        try {
          json.writeEndArray();
          json.close(); // gives the buffer back for the next kind
        } catch (IOException e) {
          throw failed(e);
        }
        written = bytes.toByteArray();
      }
      return written;
    }

    /** Notes a number or boolean the store keys or indexes by (only then is its text built). */
    private void noted(String name, Object value) {
      if (name.equals(kind.keyField) || HistoryStore.INDEXED_FIELDS.contains(name)) {
        scalar(name, String.valueOf(value));
      }
    }

    private void scalar(String name, String text) {
      if (name.equals(kind.keyField)) {
        try {
          key = Long.parseLong(text);
        } catch (NumberFormatException e) {
          key = Long.MAX_VALUE;
        }
      }
      int field = HistoryStore.INDEXED_FIELDS.indexOf(name);
      if (field >= 0) {
        indexed.get(field).add(text); // the value's own string: its hash is usually known already
      }
    }

    @Override
    public void text(String name, String value) {
      try {
        if (value == null) {
          json.writeNullField(name);
        } else {
          json.writeStringField(name, value);
          scalar(name, value);
        }
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void number(String name, int value) {
      number(name, (long) value); // Smile writes a long that fits as an int: the same bytes
    }

    @Override
    public void number(String name, long value) {
      try {
        json.writeNumberField(name, value);
      } catch (IOException e) {
        throw failed(e);
      }
      noted(name, value);
    }

    @Override
    public void bool(String name, boolean value) {
      try {
        json.writeBooleanField(name, value);
      } catch (IOException e) {
        throw failed(e);
      }
      noted(name, value);
    }

    @Override
    public void texts(String name, Collection<String> values) {
      try {
        if (values == null) {
          json.writeNullField(name);
          return;
        }
        json.writeArrayFieldStart(name);
        for (String value : values) {
          json.writeString(value);
        }
        json.writeEndArray();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void textMap(String name, Map<String, String> values) {
      try {
        if (values == null) {
          json.writeNullField(name);
          return;
        }
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : values.entrySet()) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    /** Writing into memory: not expected to fail. */
    private static UncheckedIOException failed(IOException e) {
      return new UncheckedIOException("a view could not be written", e);
    }
  }
}
