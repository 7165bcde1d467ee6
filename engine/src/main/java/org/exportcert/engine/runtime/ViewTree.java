package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/** A view's fields as a JSON tree, as the API answers with it. */
final class ViewTree implements ViewFields {

  private final ObjectNode node = Json.object();

  static ObjectNode of(Consumer<ViewFields> view) {
    ViewTree tree = new ViewTree();
    view.accept(tree);
    return tree.node;
  }

  @Override
  public void text(String name, String value) {
    node.put(name, value);
  }

  @Override
  public void number(String name, int value) {
    node.put(name, value);
  }

  @Override
  public void number(String name, long value) {
    node.put(name, value);
  }

  @Override
  public void bool(String name, boolean value) {
    node.put(name, value);
  }

  @Override
  public void texts(String name, Collection<String> values) {
    if (values == null) {
      node.putNull(name);
      return;
    }
    ArrayNode array = node.putArray(name);
    values.forEach(array::add);
  }

  @Override
  public void textMap(String name, Map<String, String> values) {
    if (values == null) {
      node.putNull(name);
      return;
    }
    ObjectNode object = node.putObject(name);
    values.forEach(object::put);
  }
}
