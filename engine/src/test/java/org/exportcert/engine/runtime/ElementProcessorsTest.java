package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.EngineState;
import org.junit.jupiter.api.Test;

/**
 * The registry that replaces the old switch statement: a kind without a processor would only fail
 * when a model first used it, so it is checked here (commands: {@code CommandCodecTest}; a command
 * record without a handler stops the runtime's construction).
 */
class ElementProcessorsTest {

  private final BpmnRuntime runtime = new BpmnRuntime(new EngineState());

  @Test
  void everyElementKindHasAProcessor() {
    for (ElementKind kind : ElementKind.values()) {
      assertThat(runtime.processors.handles(kind)).as("processor for %s", kind).isTrue();
    }
  }

}
