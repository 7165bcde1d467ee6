package org.exportcert.engine.state;

/** One version of a deployed Camunda Form. */
public final class DeployedForm {
  public long key;
  public String formId;
  public int version;
  public String resourceName;
  public String schema;
  public String checksum;
  public String tenantId;
}
