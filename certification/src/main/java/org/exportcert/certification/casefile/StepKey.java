package org.exportcert.certification.casefile;

/**
 * Names one execution of a process step, from what the engine assigned to it (the element and
 * its instance key), never from a value drawn by a worker: a retried job carries the same key,
 * a loop that reaches the step again a new one.
 */
public final class StepKey {

  private StepKey() {}

  public static String of(String caseId, String elementId, long elementInstanceKey) {
    return caseId + "/" + elementId + "/" + elementInstanceKey;
  }
}
