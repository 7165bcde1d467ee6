package org.exportcert.api.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.response.DecisionDefinitionType;
import io.camunda.client.api.search.response.DecisionInstance;
import io.camunda.client.api.search.response.DecisionInstanceState;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.api.process.CaseProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The last evaluations of each decision, kept by ExportCert so a changed table can be tried on
 * them before approval. The engine evaluates the scheme's tables in business rule tasks (no worker
 * calls a decision), so they are copied from its decision-instance search — with inputs from each
 * instance — newest first until one is already kept; at most {@code keep-per-decision} stay per
 * decision, older ones are deleted. Runs every {@code sync-interval} and before each impact.
 */
@Component
public class DecisionEvaluations {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionEvaluations.class);
  private static final int PAGE = 100;

  private final JdbcTemplate jdbc;
  private final CamundaClient client;
  private final CaseProcesses processes;
  private final ObjectMapper json = new ObjectMapper();
  private final int keep;

  public DecisionEvaluations(JdbcTemplate jdbc, CamundaClient client, CaseProcesses processes,
      @Value("${exportcert.models.impact.keep-per-decision:200}") int keep) {
    if (keep < 1 || keep > 100_000) {
      throw new IllegalArgumentException("exportcert.models.impact.keep-per-decision must be 1 to 100000, not " + keep);
    }
    this.jdbc = jdbc;
    this.client = client;
    this.processes = processes;
    this.keep = keep;
  }

  public int keepPerDecision() {
    return keep;
  }

  @Scheduled(fixedDelayString = "${exportcert.models.impact.sync-interval:PT1M}", initialDelayString = "PT30S")
  void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("Decision evaluations not copied from the engine this time: {}", e.getMessage());
    }
  }

  /** Copies the engine's evaluations not kept yet; returns how many were added. */
  public synchronized int sync() {
    Map<String, Integer> taken = new HashMap<>();
    List<DecisionInstance> fresh = new ArrayList<>();
    int budget = keep * 20; // one pass reads a bounded number of instances
    Object[] after = {null};
    boolean more = true;
    while (more && budget > 0) {
      var response = client.newDecisionInstanceSearchRequest()
          .sort(s -> s.evaluationDate().desc())
          .page(p -> {
            p.limit(PAGE);
            if (after[0] != null) {
              p.after((String) after[0]);
            }
          })
          .send().join();
      for (DecisionInstance i : response.items()) {
        budget--;
        if (known(i.getDecisionInstanceId())) {
          more = false;
          break;
        }
        if (i.getState() == DecisionInstanceState.EVALUATED
            && i.getDecisionDefinitionType() == DecisionDefinitionType.DECISION_TABLE
            && taken.merge(i.getDecisionDefinitionId(), 1, Integer::sum) <= keep) {
          fresh.add(i);
        }
      }
      after[0] = response.page() == null ? null : response.page().endCursor();
      more = more && response.items().size() == PAGE && after[0] != null;
    }
    if (fresh.isEmpty()) {
      return 0;
    }
    Set<Long> instances = new HashSet<>();
    fresh.forEach(i -> {
      if (i.getProcessInstanceKey() != null) {
        instances.add(i.getProcessInstanceKey());
      }
    });
    Map<Long, String> caseIds = processes.caseIdsOf(instances);
    for (DecisionInstance i : fresh) {
      DecisionInstance details = client.newDecisionInstanceGetRequest(i.getDecisionInstanceId()).send().join();
      List<Map<String, Object>> inputs = new ArrayList<>();
      details.getEvaluatedInputs().forEach(in -> {
        Map<String, Object> one = new HashMap<>();
        one.put("id", in.getInputId());
        one.put("name", in.getInputName());
        one.put("value", in.getInputValue());
        inputs.add(one);
      });
      jdbc.update("INSERT INTO decision_evaluation (decision_instance_key, decision_id, decision_version,"
          + " process_instance_key, case_id, evaluated_at, inputs, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (decision_instance_key) DO NOTHING", i.getDecisionInstanceId(), i.getDecisionDefinitionId(),
          i.getDecisionDefinitionVersion(), i.getProcessInstanceKey(), caseIds.get(i.getProcessInstanceKey()),
          Timestamp.from(i.getEvaluationDate() == null ? Instant.now() : i.getEvaluationDate().toInstant()),
          write(inputs), details.getResult() == null ? "null" : details.getResult());
    }
    prune();
    return fresh.size();
  }

  private boolean known(String instanceKey) {
    Integer n = jdbc.queryForObject("SELECT count(*) FROM decision_evaluation WHERE decision_instance_key = ?",
        Integer.class, instanceKey);
    return n != null && n > 0;
  }

  /** Only the newest {@code keep} per decision stay. */
  void prune() {
    jdbc.update("DELETE FROM decision_evaluation WHERE decision_instance_key IN (SELECT decision_instance_key FROM"
        + " (SELECT decision_instance_key, row_number() OVER (PARTITION BY decision_id ORDER BY evaluated_at DESC,"
        + " decision_instance_key DESC) AS n FROM decision_evaluation) ranked WHERE n > ?)", keep);
  }

  /** The kept evaluations of one decision, newest first. */
  public List<DecisionImpact.Evaluation> of(String decisionId) {
    return jdbc.query("SELECT decision_instance_key, decision_id, decision_version, process_instance_key, case_id,"
        + " evaluated_at, inputs, output FROM decision_evaluation WHERE decision_id = ?"
        + " ORDER BY evaluated_at DESC, decision_instance_key DESC LIMIT ?", (rs, n) -> new DecisionImpact.Evaluation(
            rs.getString(1), rs.getString(2), rs.getInt(3), (Long) rs.getObject(4), rs.getString(5),
            rs.getTimestamp(6).toInstant(), inputs(rs.getString(7)), read(rs.getString(8))), decisionId, keep);
  }

  private List<DecisionImpact.Input> inputs(String stored) {
    List<DecisionImpact.Input> inputs = new ArrayList<>();
    read(stored).forEach(in -> inputs.add(new DecisionImpact.Input(in.path("id").asText(null),
        in.path("name").asText(null), DecisionImpact.value(in.path("value").isNull() ? null : in.path("value").asText()))));
    return inputs;
  }

  private JsonNode read(String stored) {
    try {
      return json.readTree(stored);
    } catch (JsonProcessingException e) {
      return json.getNodeFactory().textNode(stored);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
