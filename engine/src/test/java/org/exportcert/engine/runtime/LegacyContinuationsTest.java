package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandleInfo;
import java.util.Map;
import org.exportcert.engine.snapshot.StateCodec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.UserTask;
import org.junit.jupiter.api.Test;

/** How the lambdas of format-1 snapshots become today's continuation records. */
class LegacyContinuationsTest {

  private static final String TASK_COMMANDS = "org/exportcert/engine/runtime/UserTaskCommands";
  private static final String COMPLETE = "(Lorg/exportcert/engine/state/UserTask;Ljava/util/Map;)V";
  private final LegacyContinuations legacy = new LegacyContinuations();
  private final Object enclosing = new Object(); // the captured instance: a placeholder in the snapshot

  @Test
  void aLambdaOfCommit0be86b0BecomesItsRecordWithWhatItCaptured() throws Exception {
    UserTask task = new UserTask();
    Map<String, Object> variables = Map.of("decision", "approved");
    Object record = legacy.translate(TASK_COMMANDS, "lambda$complete$b391b567$1", COMPLETE, MethodHandleInfo.REF_invokeSpecial,
        new Object[] {enclosing, task, variables}, false);
    assertThat(record).isEqualTo(new Continuation.CompleteUserTask(task, variables));
  }

  @Test
  void anotherBuildOfTheSameCodeIsFoundByEnclosingMethodAndParameters() throws Exception {
    ElementInstance ei = new ElementInstance();
    Object record = legacy.translate("org/exportcert/engine/runtime/ExecutionListeners", "lambda$end$0badc0de$1",
        "(Lorg/exportcert/engine/state/ElementInstance;Lorg/exportcert/engine/runtime/Continuation;)V",
        MethodHandleInfo.REF_invokeStatic, new Object[] {ei, new Continuation.FinishLeave(ei)}, false);
    assertThat(record).isEqualTo(new Continuation.ListenersDone(ei, false, new Continuation.FinishLeave(ei)));
  }

  @Test
  void lambdasCapturingNothingDidNothing() throws Exception {
    assertThat(legacy.translate(TASK_COMMANDS, "lambda$assign$dd412da4$1", "()V", MethodHandleInfo.REF_invokeStatic,
        new Object[0], false)).isEqualTo(Continuation.Nothing.INSTANCE);
  }

  @Test
  void anUnknownLambdaFailsTheSnapshotUnlessReadLeniently() throws Exception {
    ElementInstance ei = new ElementInstance();
    Object[] captured = {enclosing, ei, new Continuation.Enter(ei)};
    String signature = "(Lorg/exportcert/engine/state/ElementInstance;Lorg/exportcert/engine/runtime/Continuation;)V";
    assertThatThrownBy(() -> legacy.translate("org/exportcert/engine/runtime/Gone", "lambda$wait$12345678$1", signature,
        MethodHandleInfo.REF_invokeSpecial, captured, false)).isInstanceOf(StateCodec.CodeChanged.class)
        .hasMessageContaining("Gone.lambda$wait$12345678$1");
    // leniently: the step it wrapped goes on (nothing when it wrapped none)
    assertThat(legacy.translate("org/exportcert/engine/runtime/Gone", "lambda$wait$12345678$1", signature,
        MethodHandleInfo.REF_invokeSpecial, captured, true)).isEqualTo(new Continuation.Enter(ei));
    assertThat(legacy.translate("org/exportcert/engine/runtime/Gone", "lambda$wait$12345678$2",
        "(Lorg/exportcert/engine/state/ElementInstance;)V", MethodHandleInfo.REF_invokeSpecial, new Object[] {enclosing, ei}, true))
        .isEqualTo(Continuation.Nothing.INSTANCE);
  }
}
