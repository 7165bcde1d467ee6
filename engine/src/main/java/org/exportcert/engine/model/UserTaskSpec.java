package org.exportcert.engine.model;

/**
 * The Camunda user task properties ({@code zeebe:userTask} present) or those of a job-based user
 * task (then {@code camundaUserTask} is false). Each value is static or FEEL ('=' prefix).
 */
public record UserTaskSpec(
    boolean camundaUserTask,
    String assignee,
    String candidateGroups,
    String candidateUsers,
    String dueDate,
    String followUpDate,
    String formId,
    String formKey,
    String externalFormReference,
    String priority) {}
