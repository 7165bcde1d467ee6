package org.exportcert.api.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.ClientException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What a case is waiting for right now, read from the engine: open requests to the applicant
 * (active receive tasks) and staff steps with their due dates.
 */
@Service
public class CaseProgress {

  private static final Logger log = LoggerFactory.getLogger(CaseProgress.class);

  private final CaseProcesses processes;
  private final ObjectMapper json;
  private final EngineTime engineTime;

  public CaseProgress(CaseProcesses processes, ObjectMapper json, EngineTime engineTime) {
    this.processes = processes;
    this.json = json;
    this.engineTime = engineTime;
  }

  /** @param overdue whether dueAt has passed by the engine's clock (not the browser's) */
  /**
   * @param reasonCode why the request was made, where the model keeps it (the eligibility rules'
   *     reason code), else null
   * @param askedFor what the staff member who asked wrote the applicant must provide, else null
   */
  public record OpenRequest(
      String request, String message, String name, long elementInstanceKey, OffsetDateTime openedAt,
      OffsetDateTime dueAt, boolean overdue, String reasonCode, String askedFor) {

    public OpenRequest(String request, String message, String name, long elementInstanceKey,
        OffsetDateTime openedAt, OffsetDateTime dueAt, boolean overdue) {
      this(request, message, name, elementInstanceKey, openedAt, dueAt, overdue, null, null);
    }
  }

  /**
   * @param overdue whether dueAt has passed by the engine's clock (not the browser's)
   * @param message the applicant's answer this deadline waits for (an open request's message), else
   *     null (a staff step's due date): the applicant's page names it as the request, not as the
   *     model's "Wait for signed agreement"
   */
  public record Deadline(String step, String name, OffsetDateTime dueAt, boolean overdue, String message) {}

  /** @param engineAvailable false when the engine could not be asked; the lists are then empty */
  public record Progress(
      boolean engineAvailable, List<OpenRequest> openRequests, List<Deadline> deadlines) {}

  /**
   * The value of the correlation key variable of the process instance where the given request is
   * open (e.g. {@code testingKey} "EC-…:BASE" for corrective action), so that the answer reaches
   * the run that asked, without the applicant knowing which run that is.
   */
  public Optional<String> correlationKeyOf(String caseId, OpenRequest request) {
    WaitingPoint w = WaitingPoint.ofMessage(request.message()).orElse(null);
    if (w == null) {
      return Optional.empty();
    }
    for (InstanceView instance : processes.instancesOfCase(caseId)) {
      if (!"ACTIVE".equals(instance.state())) {
        continue;
      }
      boolean here = processes.activeElementsOf(instance.key()).stream()
          .anyMatch(e -> e.key() == request.elementInstanceKey());
      if (here) {
        return processes.variable(instance.key(), w.correlationKeyVariable())
            .flatMap(this::parse).filter(JsonNode::isTextual).map(JsonNode::asText);
      }
    }
    return Optional.empty();
  }

  /** When the request was opened by this server's clock (the engine's clock may have been moved). */
  public java.time.Instant openedOnServerClock(OpenRequest request) {
    return request.openedAt() == null ? null : engineTime.onServerClock(request.openedAt());
  }

  public Progress of(String caseId) {
    try {
      List<InstanceView> active =
          processes.instancesOfCase(caseId).stream().filter(i -> "ACTIVE".equals(i.state())).toList();
      Optional<JsonNode> dueDates =
          active.stream()
              .filter(i -> i.parentKey() == null)
              .findFirst()
              .flatMap(root -> processes.variable(root.key(), "dueDates"))
              .flatMap(this::parse);
      List<OpenRequest> requests = new ArrayList<>();
      List<Deadline> deadlines = new ArrayList<>();
      OffsetDateTime[] now = new OffsetDateTime[1]; // asked once, and only when something is due
      java.util.function.Predicate<OffsetDateTime> overdue = due -> due != null
          && EngineTime.overdue(due, now[0] == null ? (now[0] = engineTime.nowUtc()) : now[0]);
      for (InstanceView instance : active) {
        for (var e : processes.activeElementsOf(instance.key())) {
          WaitingPoint.ofElement(e.elementId()).ifPresent(w -> {
            boolean major = w == WaitingPoint.CORRECTIVE_ACTION
                && processes.variable(instance.key(), "majorNonconformityCount")
                    .map(v -> !v.isBlank() && !"0".equals(v.strip()) && !"null".equals(v.strip())).orElse(false);
            OffsetDateTime due = w.dueAtVariable().isPresent()
                ? w.dueAtVariable().flatMap(v -> processes.variable(instance.key(), v)).flatMap(this::parse)
                    .map(CaseProgress::dateTime).orElse(null)
                : dueAt(e.started(), w.dueDatesKey(major), dueDates);
            requests.add(new OpenRequest(
                w.name(), w.message(), e.elementName(), e.key(), e.started(), due, overdue.test(due),
                askedReason(instance.key(), w.reasons()).orElse(null),
                w.reasons().askedForVariable().flatMap(v -> text(instance.key(), v)).orElse(null)));
            if (due != null) {
              deadlines.add(new Deadline(e.elementId(), e.elementName(), due, overdue.test(due), w.message()));
            }
          });
        }
        for (var t : processes.openTasksOf(instance.key())) {
          if (t.due() != null) {
            deadlines.add(new Deadline(t.elementId(), t.name(), t.due(), overdue.test(t.due()), null));
          }
        }
      }
      deadlines.sort(Comparator.comparing(Deadline::dueAt));
      return new Progress(true, requests, deadlines);
    } catch (ClientException e) {
      log.warn("Engine unavailable while reading progress of {}: {}", caseId, e.toString());
      return new Progress(false, List.of(), List.of());
    }
  }

  /** The reason code of the wait's decision result, while its outcome is the one that asked the applicant. */
  private Optional<String> askedReason(long instanceKey, WaitingPoint.Reasons reasons) {
    return reasons.decisionResultVariable().flatMap(v -> processes.processVariable(instanceKey, v)).flatMap(this::parse)
        .filter(r -> reasons.askedOutcome().equals(r.path("outcome").asText()))
        .map(r -> r.path("reasonCode")).filter(JsonNode::isTextual).map(JsonNode::asText);
  }

  /** A text variable of the instance; absent when unset, null or not text. */
  private Optional<String> text(long instanceKey, String name) {
    return processes.processVariable(instanceKey, name).flatMap(this::parse)
        .filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isBlank());
  }

  private Optional<JsonNode> parse(String value) {
    try {
      return Optional.of(json.readTree(value));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A date-time variable's value ("2029-12-07T00:00:00Z", or a date), null when it is none. */
  static OffsetDateTime dateTime(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asText());
    } catch (DateTimeParseException notADateTime) {
      try {
        return java.time.LocalDate.parse(value.asText()).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** Opened + the configured period (ISO-8601 duration or period, as the due-dates DMN gives). */
  static OffsetDateTime dueAt(OffsetDateTime opened, Optional<String> dueDatesKey, Optional<JsonNode> dueDates) {
    if (opened == null || dueDatesKey.isEmpty() || dueDates.isEmpty()) {
      return null;
    }
    JsonNode value = dueDates.get().path(dueDatesKey.get());
    if (!value.isTextual()) {
      return null;
    }
    String text = value.asText();
    try {
      return opened.plus(Duration.parse(text));
    } catch (DateTimeParseException notADuration) {
      try {
        return opened.plus(Period.parse(text));
      } catch (DateTimeParseException notAPeriod) {
        return null;
      }
    }
  }
}
