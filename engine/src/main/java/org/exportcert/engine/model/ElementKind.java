package org.exportcert.engine.model;

/** The BPMN element kinds this engine runs; names match the REST API's element instance types. */
public enum ElementKind {
  PROCESS,
  SUB_PROCESS,
  AD_HOC_SUB_PROCESS,
  /** One activated flow inside an ad-hoc subprocess (Zeebe 8.8's inner instance; its own variable scope). */
  AD_HOC_SUB_PROCESS_INNER_INSTANCE,
  EVENT_SUB_PROCESS,
  CALL_ACTIVITY,
  START_EVENT,
  END_EVENT,
  INTERMEDIATE_THROW_EVENT,
  INTERMEDIATE_CATCH_EVENT,
  BOUNDARY_EVENT,
  SERVICE_TASK,
  SEND_TASK,
  BUSINESS_RULE_TASK,
  SCRIPT_TASK,
  USER_TASK,
  MANUAL_TASK,
  RECEIVE_TASK,
  TASK,
  EXCLUSIVE_GATEWAY,
  PARALLEL_GATEWAY,
  INCLUSIVE_GATEWAY,
  EVENT_BASED_GATEWAY;

  public boolean isScope() {
    return this == PROCESS || this == SUB_PROCESS || this == EVENT_SUB_PROCESS || this == AD_HOC_SUB_PROCESS;
  }
}
