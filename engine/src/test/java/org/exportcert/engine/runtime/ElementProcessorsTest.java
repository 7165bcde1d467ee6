package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.EngineState;
import org.junit.jupiter.api.Test;

/**
 * The registries that replace the old switch statements: a kind or a command without an entry
 * would only fail when a model or a client first used it, so they are checked here.
 */
class ElementProcessorsTest {

  private final BpmnRuntime runtime = new BpmnRuntime(new EngineState());

  @Test
  void everyElementKindHasAProcessor() {
    for (ElementKind kind : ElementKind.values()) {
      assertThat(runtime.processors.handles(kind)).as("processor for %s", kind).isTrue();
    }
  }

  @Test
  void anUnknownCommandIsRefusedWithoutTouchingTheState() {
    long keysBefore = runtime.state().newKey();
    assertThatThrownBy(() -> runtime.execute("no-such-command", Json.object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-command");
    assertThat(runtime.state().newKey()).isEqualTo(keysBefore + 1);
  }
}
