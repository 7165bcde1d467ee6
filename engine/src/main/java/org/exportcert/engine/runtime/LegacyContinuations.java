package org.exportcert.engine.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.snapshot.StateCodec;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.UserTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of format 1 (engines up to commit 0be86b0) held what goes on after listener jobs as
 * serialized lambdas. This table says which {@link Continuation} record each of those lambdas
 * stands for, from the class holding its code, its synthetic method's name and what it captured
 * (the enclosing object first for an instance method). javac names a serializable lambda
 * {@code lambda$<enclosing method>$<hash>$<n>}; a lambda not found by its exact name is matched by
 * class, enclosing method and parameter types when that is unique (another build of the same code).
 * An unknown one fails the snapshot (an older one is tried), or, read leniently, becomes the
 * continuation it wrapped, or nothing, with a warning.
 */
final class LegacyContinuations implements StateCodec.LegacyLambdas {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyContinuations.class);
  private static final String PACKAGE = "org/exportcert/engine/runtime/";
  private static final String EI = "Lorg/exportcert/engine/state/ElementInstance;";
  private static final String TASK = "Lorg/exportcert/engine/state/UserTask;";
  private static final String NEXT = "Lorg/exportcert/engine/runtime/Continuation;";
  private static final String MODEL = "Lorg/exportcert/engine/model/ElementModel;";
  private static final String PROCESS = "Lorg/exportcert/engine/state/DeployedProcess;";
  private static final String MAP = "Ljava/util/Map;";
  private static final String LIST = "Ljava/util/List;";
  private static final String STRING = "Ljava/lang/String;";

  /** A lambda of commit 0be86b0: its class, method, parameters and the record made of its captured values (this removed). */
  private record Known(String implClass, String implMethodName, String parameters, Function<Object[], Continuation> record) {
    String enclosing() {
      return implMethodName.split("\\$")[1];
    }
  }

  @SuppressWarnings("unchecked")
  private static final List<Known> KNOWN = List.of(
      new Known("ElementInstanceCommands", "lambda$setVariables$2863f47f$1", "Z" + EI + MAP,
          a -> new Continuation.ApplyVariables((ElementInstance) a[1], (Map<String, Object>) a[2], (Boolean) a[0])),
      new Known("ProcessInstanceCommands", "lambda$cancel$131c4c67$1", EI, a -> new Continuation.InstanceEnded((ElementInstance) a[0])),
      new Known("ProcessInstanceCommands", "lambda$create$541cf4bd$1", "Z" + LIST + PROCESS + EI,
          a -> new Continuation.StartInstance((ElementInstance) a[3], (Boolean) a[0] ? List.copyOf((List<String>) a[1]) : null)),
      new Known("CancelingListeners", "lambda$terminateThen$4a54e023$1", TASK + NEXT,
          a -> new Continuation.TaskCanceled((UserTask) a[0], (Continuation) a[1])),
      new Known("CancelingListeners", "lambda$terminateThen$2ae15c8c$1", "[I" + LIST + NEXT,
          a -> new Continuation.OneTerminated(new Termination(List.copyOf((List<ElementInstance>) a[1]), ((int[]) a[0])[0],
              (Continuation) a[2]))),
      new Known("UserTaskCommands", "lambda$complete$b391b567$1", TASK + MAP,
          a -> new Continuation.CompleteUserTask((UserTask) a[0], (Map<String, Object>) a[1])),
      new Known("UserTaskCommands", "lambda$update$d8a464c0$1", TASK + STRING + STRING + LIST + LIST + "I",
          a -> new Continuation.RestoreAttributes((UserTask) a[0], (String) a[1], (String) a[2], (List<String>) a[3],
              (List<String>) a[4], (Integer) a[5])),
      new Known("UserTaskCommands", "lambda$unassign$3c6a2611$1", TASK + STRING,
          a -> new Continuation.RestoreAssignee((UserTask) a[0], (String) a[1])),
      new Known("UserTaskCommands", "lambda$assign$92386a0a$1", TASK + STRING,
          a -> new Continuation.RestoreAssignee((UserTask) a[0], (String) a[1])),
      new Known("ExecutionListeners", "lambda$start$76c3519d$1", EI + NEXT,
          a -> new Continuation.ListenersDone((ElementInstance) a[0], true, (Continuation) a[1])),
      new Known("ExecutionListeners", "lambda$end$76c3519d$1", EI + NEXT,
          a -> new Continuation.ListenersDone((ElementInstance) a[0], false, (Continuation) a[1])),
      new Known("UserTaskProcessor", "lambda$createUserTask$5599136$2", TASK, a -> new Continuation.UserTaskCreated((UserTask) a[0], null, true)),
      new Known("UserTaskProcessor", "lambda$createUserTask$5599136$1", TASK, a -> new Continuation.RestoreAssignee((UserTask) a[0], null)),
      new Known("EventTriggerBehavior", "lambda$openEventSubprocess$dc0cc129$1", EI, a -> new Continuation.EnterLater((ElementInstance) a[0])),
      new Known("EventTriggerBehavior", "lambda$startEventSubprocess$675a5f49$1", EI + MODEL + MAP,
          a -> new Continuation.OpenEventSubprocess((ElementInstance) a[0], (ElementModel) a[1], (Map<String, Object>) a[2])),
      new Known("EventTriggerBehavior", "lambda$fireBoundary$da4cad82$1", EI + MODEL + MAP + MAP,
          a -> new Continuation.FireBoundary((ElementInstance) a[0], (ElementModel) a[1], (Map<String, Object>) a[2],
              (Map<String, Object>) a[3])),
      new Known("CallActivityProcessor", "lambda$activate$1b33a4b8$1", PROCESS + EI,
          a -> new Continuation.StartCalled((DeployedProcess) a[0], (ElementInstance) a[1])),
      new Known("BpmnRuntime", "lambda$startAtEvent$6fd5a754$1", EI, a -> new Continuation.EnterLater((ElementInstance) a[0])),
      new Known("TaskListeners", "lambda$afterCanceling$d43d5341$1", NEXT + NEXT,
          a -> new Continuation.Both((Continuation) a[0], (Continuation) a[1])),
      new Known("MultiInstanceBodyProcessor", "lambda$innerCompleted$ab327855$1", EI,
          a -> new Continuation.CompleteBodyWhenEmpty((ElementInstance) a[0])),
      new Known("AdHocSubProcesses", "lambda$fulfilled$2276348d$1", EI, a -> new Continuation.CompleteAdHoc((ElementInstance) a[0])),
      new Known("StateTransitions", "lambda$finishLeave$bf6a0292$1", EI,
          a -> new Continuation.CompleteScopeWhenEmpty((ElementInstance) a[0])),
      new Known("StateTransitions", "lambda$finishLeave$cbd84c0e$1", EI, a -> new Continuation.FinishLeave((ElementInstance) a[0])),
      new Known("StateTransitions", "lambda$enter$cbd84c0e$1", EI, a -> new Continuation.Enter((ElementInstance) a[0])));

  @Override
  public Object translate(String implClass, String implMethodName, String implMethodSignature, int implMethodKind,
      Object[] capturedArgs, boolean lenient) throws StateCodec.CodeChanged {
    String className = implClass.startsWith(PACKAGE) ? implClass.substring(PACKAGE.length()) : implClass;
    String parameters = implMethodSignature.substring(1, implMethodSignature.indexOf(')'));
    boolean instance = implMethodKind != java.lang.invoke.MethodHandleInfo.REF_invokeStatic;
    Object[] captured = instance ? Arrays.copyOfRange(capturedArgs, 1, capturedArgs.length) : capturedArgs;
    if (parameters.isEmpty()) {
      return Continuation.Nothing.INSTANCE; // every lambda of 0be86b0 without captures did nothing
    }
    Known known = find(className, implMethodName, parameters);
    if (known != null) {
      return known.record().apply(captured);
    }
    String what = className + "." + implMethodName + implMethodSignature;
    if (!lenient) {
      throw new StateCodec.CodeChanged("the snapshot holds a listener wait of another engine build (" + what
          + ") this engine does not know");
    }
    Continuation guess = guess(captured);
    LOG.warn("a listener wait of another engine build ({}) goes on as {}; check the element or task it belongs to", what, guess);
    return guess;
  }

  private static Known find(String className, String implMethodName, String parameters) {
    Known sameCode = null;
    int similar = 0;
    for (Known known : KNOWN) {
      if (!known.implClass().equals(className) || !known.parameters().equals(parameters)) {
        continue;
      }
      if (known.implMethodName().equals(implMethodName)) {
        return known;
      }
      String[] name = implMethodName.split("\\$");
      if (name.length > 1 && name[1].equals(known.enclosing())) {
        sameCode = known;
        similar++;
      }
    }
    return similar == 1 ? sameCode : null;
  }

  /** Lenient reading: the most likely step after the wait, by what was captured. */
  private static Continuation guess(Object[] captured) {
    for (Object value : captured) {
      if (value instanceof Continuation next) {
        return next;
      }
    }
    // nothing guessed: the task goes back to CREATED (its change can be made again); an element stays
    // where it is (process instance modification moves it on); neither re-runs a step it may have done
    return Continuation.Nothing.INSTANCE;
  }
}
