package org.exportcert.engine.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The runtime's behaviour objects by class name (BpmnRuntime, StateTransitions, the *Commands and
 * processors ...): what a listener's continuation may refer to. A snapshot writes such a reference
 * as the name and the restoring engine binds it to its own object of that class. A class with more
 * than one object is left out (a continuation referring to it cannot be snapshotted).
 */
final class RuntimeParts {

  private static final String PACKAGE = RuntimeParts.class.getPackageName();

  private RuntimeParts() {}

  static Map<String, Object> of(BpmnRuntime runtime) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    Map<String, Object> byName = new HashMap<>();
    Set<String> ambiguous = new HashSet<>();
    Deque<Object> todo = new ArrayDeque<>();
    todo.add(runtime);
    while (!todo.isEmpty()) {
      Object part = todo.poll();
      if (seen.put(part, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = part.getClass();
      if (!(part instanceof java.io.Serializable) && !type.isHidden()) {
        if (byName.putIfAbsent(type.getName(), part) != null) {
          ambiguous.add(type.getName());
        }
      }
      for (Class<?> c = type; c != null && c.getPackageName().equals(PACKAGE); c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
            continue;
          }
          try {
            field.setAccessible(true);
            add(field.get(part), todo);
          } catch (ReflectiveOperationException | RuntimeException e) {
            // not a part (e.g. a JDK object's internals)
          }
        }
      }
    }
    ambiguous.forEach(byName::remove);
    return byName;
  }

  private static void add(Object value, Deque<Object> todo) {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> add(v, todo));
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(v -> add(v, todo));
    } else if (value.getClass().getPackageName().equals(PACKAGE)) {
      todo.add(value);
    }
  }
}
