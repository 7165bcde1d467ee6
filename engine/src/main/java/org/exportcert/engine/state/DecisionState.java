package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.dmn.DmnEngineAdapter;

/** Deployed decision requirements graphs and decisions, and the record of their evaluations. */
public final class DecisionState implements java.io.Serializable {
  private static final long serialVersionUID = 1L;


  /** One version of a deployed DMN resource (decision requirements graph). */
  public static final class Drg implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public long key;
    public String drgId;
    public String name;
    public int version;
    public String resourceName;
    public String xml;
    public String checksum;
    public String tenantId;
    public long deploymentKey;
    public DmnEngineAdapter.ParsedDrg parsed;
    public final List<Decision> decisions = new ArrayList<>();
  }

  /** One version of a deployed decision. */
  public static final class Decision implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public long key;
    public String decisionId;
    public String name;
    public int version;
    public String tenantId;
    public Drg drg;
  }

  /** One evaluated decision (a called decision and each decision it required). */
  public static final class Instance implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public long evaluationKey;
    public int index;
    public boolean failed;
    public String failureMessage;
    public long evaluationDate;
    public Decision decision;
    public String decisionType;
    /** JSON text of the decision's output. */
    public String result;
    public Long processInstanceKey;
    public Long processDefinitionKey;
    public Long elementInstanceKey;
    public DmnEngineAdapter.EvaluatedDecision details;

    public String instanceKey() {
      return evaluationKey + "-" + index;
    }
  }

  public final Map<String, List<Drg>> drgsById = new HashMap<>();
  public final Map<Long, Drg> drgsByKey = new LinkedHashMap<>();
  public final Map<String, List<Decision>> decisionsById = new HashMap<>();
  public final Map<Long, Decision> decisionsByKey = new LinkedHashMap<>();
  /** Deployment key -> decision id -> decision key: what bindingType="deployment" resolves to. */
  public final Map<Long, Map<String, Long>> decisionsByDeployment = new HashMap<>();
  public final Map<String, Instance> instances = new LinkedHashMap<>();

  public Drg latestDrg(String drgId) {
    List<Drg> versions = drgsById.get(drgId);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  public Decision latest(String decisionId) {
    List<Decision> versions = decisionsById.get(decisionId);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }
}
