package org.exportcert.engine.state;

import java.util.List;
import java.util.Map;

/** A Camunda user task ({@code zeebe:userTask}). */
public final class UserTask implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** CREATING, ASSIGNING, UPDATING and COMPLETING while task listeners run (Camunda 8.8's states). */
  public enum State { CREATING, CREATED, ASSIGNING, UPDATING, COMPLETING, COMPLETED, CANCELED }

  public long key;
  public ElementInstance elementInstance;
  public State state = State.CREATED;
  public String assignee;
  public List<String> candidateGroups = List.of();
  public List<String> candidateUsers = List.of();
  public String dueDate;
  public String followUpDate;
  public Long formKey;
  public String externalFormReference;
  public int priority = 50;
  public long creationDate;
  public Long completionDate;
  public Map<String, String> customHeaders = Map.of();
}
