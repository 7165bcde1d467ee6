package org.exportcert.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What keeps snapshots readable by later engine versions: every serializable class a snapshot may
 * hold (state, listener waits) either is a record (written by component names, no class checksum)
 * or an enum, or declares its serialVersionUID, so that a field added later reads as its default
 * instead of failing on a checksum the compiler derived from the class's code.
 */
class SnapshotFormatRulesTest {

  @Test
  void everySerializableClassOfTheStateHasAFixedSerialVersionUidOrIsARecord() throws Exception {
    Path classes = Path.of(StateCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> checked = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String pkg : List.of("org/exportcert/engine/state", "org/exportcert/engine/runtime", "org/exportcert/engine/snapshot",
        "org/exportcert/engine/dmn")) {
      try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
          Class<?> type = Class.forName(name, false, getClass().getClassLoader());
          if (!Serializable.class.isAssignableFrom(type) || type.isInterface() || type.isRecord() || type.isEnum()
              || type.isSynthetic() || type.isAnonymousClass() || Throwable.class.isAssignableFrom(type)) {
            continue;
          }
          checked.add(type.getName());
          if (!declaresSerialVersionUid(type)) {
            missing.add(type.getName());
          }
        }
      }
    }
    assertThat(checked).contains("org.exportcert.engine.state.EngineState", "org.exportcert.engine.runtime.Termination",
        "org.exportcert.engine.runtime.TaskListeners$Pending");
    assertThat(missing).as("serializable state classes without a fixed serialVersionUID").isEmpty();
  }

  private static boolean declaresSerialVersionUid(Class<?> type) {
    try {
      Field field = type.getDeclaredField("serialVersionUID");
      return Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()) && field.getType() == long.class;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
