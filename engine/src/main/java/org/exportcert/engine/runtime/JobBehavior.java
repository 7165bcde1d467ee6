package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.UserTaskSpec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Job;

/** Jobs for job-worker elements (tasks, job-based throw events): creation with headers, cancellation. */
final class JobBehavior {

  private final BpmnRuntime rt;

  JobBehavior(BpmnRuntime rt) {
    this.rt = rt;
  }

  /** Opens the element's job; the job's completion completes the element (JobCommands). */
  void create(ElementInstance ei) {
    ElementModel element = ei.element;
    Map<String, Object> variables = rt.visibleVariables(ei);
    String type = Jobs.type(rt.feel(), element.jobType(), variables);
    int retryCount = Jobs.retries(rt.feel(), element.jobRetries(), variables);
    Map<String, String> headers = new LinkedHashMap<>(element.headers());
    Map<String, Object> userTaskProperties = null;
    if (element.kind == ElementKind.USER_TASK) { // a job-worker user task: its properties go to the worker as headers
      userTaskProperties = new LinkedHashMap<>();
      UserTaskSpec spec = element.userTask();
      putHeader(headers, "io.camunda.zeebe:assignee", spec.assignee(), variables, false);
      putHeader(headers, "io.camunda.zeebe:candidateGroups", spec.candidateGroups(), variables, true);
      putHeader(headers, "io.camunda.zeebe:candidateUsers", spec.candidateUsers(), variables, true);
      putHeader(headers, "io.camunda.zeebe:dueDate", spec.dueDate(), variables, false);
      putHeader(headers, "io.camunda.zeebe:followUpDate", spec.followUpDate(), variables, false);
      if (spec.formKey() != null) {
        headers.put("io.camunda.zeebe:formKey", spec.formKey());
      }
    }
    if (!LinkedResources.addHeader(rt, ei, element.linkedResources(), headers)) {
      return; // RESOURCE_NOT_FOUND incident raised; resolving it creates the job again
    }
    Job job = Jobs.open(rt.state(), ei, type, retryCount, headers, rt.now);
    job.userTaskProperties = userTaskProperties;
    ei.jobKey = job.key;
    rt.jobsAvailable = true;
  }

  /** Cancels the element's open job (the element was terminated). */
  void cancel(ElementInstance ei) {
    if (ei.jobKey != null) {
      Job job = rt.state().jobs.get(ei.jobKey);
      if (job != null && job.isOpen()) {
        job.state = Job.State.CANCELED;
        rt.state().closeJob(job);
        rt.state().jobChanged(job);
      }
    }
  }

  /** Remembers a moment at which a job becomes activatable again (deadline or back-off). */
  void noteTimeEvent(long time) {
    if (time < rt.nextTimeEvent) {
      rt.nextTimeEvent = time;
    }
  }

  /** Recomputes the earliest moment an open job becomes activatable by time, ignoring moments already past. */
  void recomputeNextTimeEvent(long after) {
    long next = Long.MAX_VALUE;
    for (Set<Long> keys : rt.state().openJobsByType.values()) {
      for (Long key : keys) {
        long event = rt.state().jobs.get(key).nextTimeEvent();
        if (event > after && event < next) {
          next = event;
        }
      }
    }
    rt.nextTimeEvent = next;
  }

  private void putHeader(Map<String, String> headers, String name, String expression, Map<String, Object> variables, boolean list) {
    if (expression == null || expression.isBlank()) {
      return;
    }
    Object value = rt.feel().evaluateValue(expression, variables);
    if (list) {
      headers.put(name, Json.write(toList(value)));
    } else if (value != null) {
      headers.put(name, String.valueOf(value));
    }
  }

  /** A FEEL list, or a comma-separated string, as a list of strings (candidate groups and users). */
  static List<String> toList(Object value) {
    List<String> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> result.add(String.valueOf(v)));
    } else if (value != null) {
      for (String part : String.valueOf(value).split(",")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }
}
