package org.exportcert.engine.state;

import java.util.Map;

/** A job for a worker (service-like task or job-based user task). */
public final class Job implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum State { CREATED, ACTIVATED, FAILED, ERROR_THROWN, COMPLETED, CANCELED }

  public long key;
  public String type;
  public String worker = "";
  public int retries;
  public long deadline = -1;
  public State state = State.CREATED;
  public Map<String, String> headers = Map.of();
  public ElementInstance elementInstance;
  public String errorMessage;
  public String errorCode;
  /** Earliest activation time after a failure with back-off. */
  public long retryAt;
  public Long incidentKey;
  public long creationTime;
  public Map<String, Object> userTaskProperties;
  /** "START" or "END" for an execution listener's job (kind EXECUTION_LISTENER); null for the element's own job. */
  public String listenerEventType;

  /**
   * The job's kind as the REST API names it: the element's own job (an ad-hoc subprocess's is
   * AD_HOC_SUB_PROCESS), or an execution listener's (START, END) or a task listener's job.
   */
  public String kind() {
    if (listenerEventType == null) {
      return elementInstance != null && elementInstance.element.kind == org.exportcert.engine.model.ElementKind.AD_HOC_SUB_PROCESS
          ? "AD_HOC_SUB_PROCESS" : "BPMN_ELEMENT";
    }
    return "START".equals(listenerEventType) || "END".equals(listenerEventType) ? "EXECUTION_LISTENER" : "TASK_LISTENER";
  }

  /** The listener event type as the REST API shows it (UNSPECIFIED for the element's own job). */
  public String listenerEventTypeName() {
    return listenerEventType == null ? "UNSPECIFIED" : listenerEventType;
  }

  public boolean isOpen() {
    return state != State.COMPLETED && state != State.CANCELED;
  }

  public boolean isActivatable(long now) {
    if (incidentKey != null) {
      return false;
    }
    return switch (state) {
      case CREATED -> true;
      case FAILED -> retries > 0 && retryAt <= now;
      case ACTIVATED -> deadline <= now;
      default -> false;
    };
  }

  /** When this job becomes activatable by the passing of time, or Long.MAX_VALUE. */
  public long nextTimeEvent() {
    if (incidentKey != null) {
      return Long.MAX_VALUE;
    }
    return switch (state) {
      case FAILED -> retries > 0 ? retryAt : Long.MAX_VALUE;
      case ACTIVATED -> deadline;
      default -> Long.MAX_VALUE;
    };
  }
}
