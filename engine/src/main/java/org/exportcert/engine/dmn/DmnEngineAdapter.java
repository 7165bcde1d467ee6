package org.exportcert.engine.dmn;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.Text;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.dmn.Audit;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDecision;
import org.camunda.dmn.parser.ParsedDecisionTable;
import org.camunda.dmn.parser.ParsedDmn;
import org.camunda.dmn.parser.ParsedLiteralExpression;
import org.camunda.dmn.parser.ParsedRule;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.valuemapper.ValueMapper;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.model.DeploymentException;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;

/**
 * Parses and evaluates DMN with dmn-scala, the engine Zeebe uses, and turns its audit log into
 * plain Java values. Knows nothing about engine state; {@link Decisions} does the bookkeeping.
 */
public final class DmnEngineAdapter {

  /** A parsed DMN resource: its decision requirements graph and the decisions in it. */
  /** A parsed DRG; {@code watched} when one of its expressions iterates (see {@link org.exportcert.engine.feel.BoundedEvaluation}). */
  public record ParsedDrg(String id, String name, List<DecisionInfo> decisions, ParsedDmn dmn, boolean watched) {}

  /** FEEL that can run away: for/some/every iterations and function definitions (text, cheap, may over-match). */
  private static final Pattern RUNAWAY = Pattern.compile("\\b(for|some|every)\\s.*\\bin\\b|\\bfunction\\s*\\(", Pattern.DOTALL);

  public record DecisionInfo(String id, String name) {}

  public record Value(String id, String name, Object value) implements java.io.Serializable {}

  public record MatchedRule(String ruleId, int ruleIndex, List<Value> outputs) implements java.io.Serializable {}

  /** One decision evaluated on the way (required decisions first, the called one last). */
  public record EvaluatedDecision(String decisionId, String type, Object output, List<Value> inputs, List<MatchedRule> matchedRules) implements java.io.Serializable {}

  public record Evaluation(Object output, List<EvaluatedDecision> evaluated, String failureMessage, String failedDecisionId) {
    public boolean failed() {
      return failureMessage != null;
    }
  }

  private final DmnEngine engine;
  private final ValueMapper valueMapper = ValueMapper.defaultValueMapper();

  public DmnEngineAdapter(LongSupplier clockMillis) {
    this.engine = new DmnEngine.Builder()
        .clock(() -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(clockMillis.getAsLong()), ZoneOffset.UTC))
        .build();
  }

  public ParsedDrg parse(String resourceName, byte[] content) {
    org.exportcert.engine.model.XmlShape.requireShallow(resourceName, content);
    Either<DmnEngine.Failure, ParsedDmn> result;
    try {
      result = engine.parse(new ByteArrayInputStream(content));
    } catch (RuntimeException e) {
      throw new DeploymentException(resourceName, List.of("cannot read DMN: " + e.getMessage()));
    }
    if (result.isLeft()) {
      String message = result.left().get().message();
      throw new DeploymentException(resourceName, List.of("- " + locate(content, message) + message));
    }
    ParsedDmn dmn = result.right().get();
    DmnModelInstance model = dmn.model();
    String drgId = model.getDefinitions().getId();
    List<String> errors = new ArrayList<>();
    if (drgId == null || drgId.isBlank()) {
      errors.add("- the DMN definitions must have an id");
    }
    List<DecisionInfo> decisions = new ArrayList<>();
    for (ParsedDecision decision : CollectionConverters.asJava(dmn.decisions())) {
      if (decision.id() == null || decision.id().isBlank()) {
        errors.add("- every decision must have an id");
        continue;
      }
      decisions.add(new DecisionInfo(decision.id(), decision.name()));
    }
    if (decisions.isEmpty() && errors.isEmpty()) {
      errors.add("- the DMN must contain at least one decision");
    }
    if (!errors.isEmpty()) {
      throw new DeploymentException(resourceName, errors);
    }
    boolean watched = model.getModelElementsByType(Text.class).stream()
        .anyMatch(t -> t.getTextContent() != null && RUNAWAY.matcher(t.getTextContent()).find());
    return new ParsedDrg(drgId, model.getDefinitions().getName(), List.copyOf(decisions), dmn, watched);
  }

  /** "Element: <decision id>: " for the decision holding the expression a parse failure quotes. */
  private static String locate(byte[] content, String message) {
    Matcher quoted = Pattern.compile("expression '(.*?)'").matcher(message);
    if (!quoted.find()) {
      return "";
    }
    String expression = quoted.group(1).trim();
    try {
      DmnModelInstance model = Dmn.readModelFromStream(new ByteArrayInputStream(content));
      for (Text text : model.getModelElementsByType(Text.class)) {
        if (text.getTextContent() != null && text.getTextContent().trim().equals(expression)) {
          for (ModelElementInstance e = text; e != null; e = e.getParentElement()) {
            if (e instanceof Decision decision) {
              return "Element: " + decision.getId() + ": ";
            }
          }
        }
      }
    } catch (RuntimeException unreadable) {
      // the message alone has to do
    }
    return "";
  }

  public Evaluation evaluate(ParsedDrg drg, String decisionId, Map<String, Object> variables) {
    ParsedDmn dmn = drg.dmn();
    Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> result;
    try {
      result = drg.watched()
          ? org.exportcert.engine.feel.BoundedEvaluation.run("decision '" + decisionId + "'", () -> engine.eval(dmn, decisionId, variables))
          : engine.eval(dmn, decisionId, variables);
    } catch (org.exportcert.engine.feel.FeelException bound) {
      return new Evaluation(null, List.of(), bound.getMessage(), decisionId);
    } catch (RuntimeException e) {
      return new Evaluation(null, List.of(), "failed to evaluate decision '" + decisionId + "': " + e.getMessage(), decisionId);
    }
    if (result.isLeft()) {
      DmnEngine.EvalFailure failure = result.left().get();
      List<EvaluatedDecision> evaluated = audit(dmn, failure.auditLog());
      // the failing decision is the one after the last completed, or the called one
      String failed = decisionId;
      return new Evaluation(null, evaluated, failure.failure().message(), failed);
    }
    DmnEngine.EvalResult success = result.right().get();
    Object output = success.isNil() ? null : Feel.toPlain(success.value());
    return new Evaluation(output, audit(dmn, success.auditLog()), null, null);
  }

  private List<EvaluatedDecision> audit(ParsedDmn dmn, Audit.AuditLog log) {
    List<EvaluatedDecision> evaluated = new ArrayList<>();
    if (log == null) {
      return evaluated;
    }
    Map<String, ParsedDecision> decisions = CollectionConverters.asJava(dmn.decisionsById());
    for (Audit.AuditLogEntry entry : CollectionConverters.asJava(log.entries())) {
      ParsedDecision decision = decisions.get(entry.id());
      if (decision == null) {
        continue; // business knowledge models are not decisions of their own
      }
      if (entry.result() instanceof Audit.DecisionTableEvaluationResult table) {
        List<Value> inputs = new ArrayList<>();
        for (Audit.EvaluatedInput input : CollectionConverters.asJava(table.inputs())) {
          inputs.add(new Value(input.input().id(), input.input().name(), plain(input.value())));
        }
        List<ParsedRule> rules = decision.logic() instanceof ParsedDecisionTable t
            ? new ArrayList<>(CollectionConverters.asJavaCollection(t.rules())) : List.of();
        List<MatchedRule> matched = new ArrayList<>();
        for (Audit.EvaluatedRule rule : CollectionConverters.asJava(table.matchedRules())) {
          List<Value> outputs = new ArrayList<>();
          for (Audit.EvaluatedOutput output : CollectionConverters.asJava(rule.outputs())) {
            outputs.add(new Value(output.output().id(), output.output().name(), plain(output.value())));
          }
          matched.add(new MatchedRule(rule.rule().id(), rules.indexOf(rule.rule()) + 1, outputs));
        }
        evaluated.add(new EvaluatedDecision(decision.id(), "DECISION_TABLE", plain(table.result()), inputs, matched));
      } else if (entry.result() instanceof Audit.SingleEvaluationResult single) {
        String type = decision.logic() instanceof ParsedLiteralExpression ? "LITERAL_EXPRESSION" : "UNKNOWN";
        evaluated.add(new EvaluatedDecision(decision.id(), type, plain(single.result()), List.of(), List.of()));
      } else {
        evaluated.add(new EvaluatedDecision(decision.id(), "UNKNOWN", null, List.of(), List.of()));
      }
    }
    return evaluated;
  }

  private Object plain(Val value) {
    return value == null ? null : Feel.toPlain(valueMapper.unpackVal(value));
  }
}
