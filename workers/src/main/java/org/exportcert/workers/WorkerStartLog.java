package org.exportcert.workers;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientConfiguration;
import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The job workers at start, in lines an operator reads: one with the settings every worker shares
 * (the client's defaults filled in where a worker sets none), then one short line per worker with
 * its job type, its method and whatever it sets differently. The Camunda client's own lines (one
 * line of several hundred characters per bean and per worker, "PT-0.001S" for "the default") are
 * turned down to WARN in application.yaml. A customizer sees every worker the client configures;
 * the lines are written once the application is ready, when every customizer has had its say.
 */
@Component
public class WorkerStartLog implements JobWorkerValueCustomizer {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerStartLog.class);

  private final ObjectProvider<CamundaClient> client;
  private final List<JobWorkerValue> workers = new ArrayList<>();

  public WorkerStartLog(ObjectProvider<CamundaClient> client) {
    this.client = client;
  }

  @Override
  public synchronized void customize(JobWorkerValue worker) {
    // the client configures its workers again when it restarts: each is listed once
    if (workers.stream().noneMatch(known -> known == worker)) {
      workers.add(worker);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  public void logWorkers() {
    lines().forEach(LOG::info);
  }

  /** The lines written at start: a summary, then one per worker (job type order). */
  synchronized List<String> lines() {
    List<JobWorkerValue> open = workers.stream().filter(w -> !Boolean.FALSE.equals(w.getEnabled()))
        .sorted(Comparator.comparing(JobWorkerValue::getType)).toList();
    if (open.isEmpty()) {
      return List.of("Job workers: none open (exportcert.workers.enabled=false or no worker enabled): "
          + "this instance serves the API only");
    }
    CamundaClientConfiguration defaults = client.getIfAvailable() == null ? null : client.getObject().getConfiguration();
    List<Map<String, String>> settings = open.stream().map(w -> settings(w, defaults)).toList();
    // what every worker shares goes on the summary line, the rest on the worker's own
    Map<String, String> shared = new LinkedHashMap<>(settings.get(0));
    settings.forEach(s -> shared.entrySet().removeIf(e -> !Objects.equals(s.get(e.getKey()), e.getValue())));
    List<String> lines = new ArrayList<>();
    lines.add("Job workers: " + open.size() + " open" + (shared.isEmpty() ? "" : "; each " + String.join(", ", shared.values()))
        + (workers.size() > open.size() ? "; " + (workers.size() - open.size()) + " disabled" : ""));
    for (int i = 0; i < open.size(); i++) {
      JobWorkerValue w = open.get(i);
      List<String> own = settings.get(i).entrySet().stream().filter(e -> !shared.containsKey(e.getKey()))
          .map(Map.Entry::getValue).toList();
      String method = w.getName() == null || w.getName().isBlank() ? "" : " <- " + w.getName();
      lines.add("Job worker " + w.getType() + method + (own.isEmpty() ? "" : ": " + String.join(", ", own)));
    }
    return lines;
  }

  /** One worker's settings in words, unset ones as the client fills them in. */
  private static Map<String, String> settings(JobWorkerValue w, CamundaClientConfiguration defaults) {
    Map<String, String> s = new LinkedHashMap<>();
    Duration poll = set(w.getPollInterval()) ? w.getPollInterval() : defaults == null ? null : defaults.getDefaultJobPollInterval();
    s.put("delivery", Boolean.TRUE.equals(w.getStreamEnabled())
        ? "jobs streamed (polling every " + words(poll) + " as fallback)" : "jobs polled every " + words(poll));
    s.put("timeout", "timeout " + words(set(w.getTimeout()) ? w.getTimeout() : defaults == null ? null : defaults.getDefaultJobTimeout()));
    Integer max = w.getMaxJobsActive() != null && w.getMaxJobsActive() > 0 ? w.getMaxJobsActive()
        : defaults == null ? null : defaults.getDefaultJobWorkerMaxJobsActive();
    s.put("maxJobsActive", "up to " + (max == null ? "?" : max) + " jobs at once");
    s.put("variables", Boolean.TRUE.equals(w.getForceFetchAllVariables()) || w.getFetchVariables() == null
        || w.getFetchVariables().isEmpty() ? "all variables" : "variables " + String.join(" ", w.getFetchVariables()));
    s.put("autoComplete", Boolean.FALSE.equals(w.getAutoComplete()) ? "completes jobs itself" : "auto-complete");
    List<String> tenants = w.getTenantIds() == null || w.getTenantIds().isEmpty()
        ? defaults == null ? List.of() : defaults.getDefaultJobWorkerTenantIds() : w.getTenantIds();
    s.put("tenants", "tenants " + (tenants.isEmpty() ? "default" : String.join(" ", tenants)));
    if (w.getMaxRetries() != null && w.getMaxRetries() >= 0) {
      s.put("maxRetries", "at most " + w.getMaxRetries() + " retries");
    }
    return s;
  }

  /** The client marks "not set, use the default" with a negative duration. */
  private static boolean set(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  /** 5m, 100ms, 1h30m: as short as the duration allows. */
  static String words(Duration d) {
    if (d == null) {
      return "the client's default";
    }
    if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    long sec = d.toSecondsPart();
    return (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (sec > 0 || (h == 0 && m == 0) ? sec + "s" : "");
  }
}
