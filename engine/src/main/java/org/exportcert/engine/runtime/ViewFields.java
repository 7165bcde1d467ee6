package org.exportcert.engine.runtime;

import java.util.Collection;
import java.util.Map;

/**
 * Where the fields of a view go, in order: a JSON tree for the API's answers ({@link Views}), or
 * straight into the history store's bytes when an instance finishes. Building the trees of every
 * finished instance and then writing them out was a fifth of the engine's history work (JFR,
 * docs/benchmarks.md); each view is still written once, for both.
 */
public interface ViewFields {

  /** A string field; {@code null} is a JSON null. */
  void text(String name, String value);

  void number(String name, int value);

  void number(String name, long value);

  void bool(String name, boolean value);

  /** An array of strings; {@code null} is a JSON null. */
  void texts(String name, Collection<String> values);

  /** An object of string fields, in the map's order; {@code null} is a JSON null. */
  void textMap(String name, Map<String, String> values);
}
