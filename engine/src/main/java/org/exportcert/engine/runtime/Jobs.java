package org.exportcert.engine.runtime;

import java.util.Map;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Job;

/** Creating a job for an element or one of its execution listeners: type and retries evaluated, job opened. */
final class Jobs {

  private Jobs() {}

  static String type(Feel feel, String expression, Map<String, Object> variables) {
    Object type = feel.evaluateValue(expression, variables);
    if (!(type instanceof String text) || text.isBlank()) {
      throw new FeelException("Expected result of the expression '" + expression + "' to be 'STRING', but was '" + type + "'.");
    }
    return text;
  }

  /** A static value that is no number (retries="three") deploys and fails here, as in Zeebe. */
  static int retries(Feel feel, String expression, Map<String, Object> variables) {
    Object retries = feel.evaluateValue(expression, variables);
    try {
      return retries instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(retries).trim());
    } catch (NumberFormatException e) {
      throw new FeelException("Expected result of the expression '" + expression + "' to be 'NUMBER', but was '" + retries + "'.");
    }
  }

  static Job open(EngineState state, ElementInstance ei, String type, int retries, Map<String, String> headers, long now) {
    return open(state, ei, type, retries, headers, now, null);
  }

  /** A listener's job: {@code listenerEventType} START or END (execution listener), or a task listener's event. */
  static Job open(EngineState state, ElementInstance ei, String type, int retries, Map<String, String> headers, long now,
      String listenerEventType) {
    Job job = new Job();
    job.listenerEventType = listenerEventType; // before the index sees the job: its kind follows
    job.key = state.newKey();
    job.type = type;
    job.retries = retries;
    job.headers = headers.isEmpty() ? Map.of() : headers; // most jobs have none: share the empty map
    job.elementInstance = ei;
    job.creationTime = now;
    state.jobs.put(job.key, job);
    state.jobChanged(job);
    state.openJob(job);
    EngineState.index(state.jobsByInstance, ei.processInstanceKey, job);
    return job;
  }
}
