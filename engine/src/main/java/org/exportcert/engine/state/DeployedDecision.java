package org.exportcert.engine.state;

import org.exportcert.engine.model.DecisionModel;

/** One version of a deployed DMN decision, with its decision requirements (the DMN definitions). */
public final class DeployedDecision {
  public long key;
  public String decisionId;
  public String name;
  public int version;
  public String decisionRequirementsId;
  public String decisionRequirementsName;
  public long decisionRequirementsKey;
  public String resourceName;
  public String checksum;
  public String tenantId;
  public DecisionModel model;
}
