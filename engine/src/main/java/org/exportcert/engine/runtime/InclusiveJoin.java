package org.exportcert.engine.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.model.SequenceFlowModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * The converging inclusive gateway's rule, as Zeebe documents it: the gateway is activated when at
 * least one incoming flow was taken and no token left in the flow scope can still arrive on an
 * incoming flow that was not taken. "Can still arrive" is decided on the model: a token can arrive
 * when the flow's source is reachable through sequence flows (and the boundary events of the
 * activities on the way) from an active element of the scope or from a token waiting at another join
 * of the scope, without passing through the gateway itself.
 */
final class InclusiveJoin {

  private InclusiveJoin() {}

  /** The inclusive gateways with more than one incoming flow that hold a token in the scope. */
  static List<ElementModel> waitingGateways(ProcessModel model, Map<String, Integer> joinTokens) {
    Set<ElementModel> gateways = new LinkedHashSet<>();
    for (String flowId : List.copyOf(joinTokens.keySet())) {
      SequenceFlowModel flow = model.flow(flowId);
      ElementModel target = flow == null ? null : model.element(flow.targetId());
      if (target != null && target.kind == ElementKind.INCLUSIVE_GATEWAY) {
        gateways.add(target);
      }
    }
    return new ArrayList<>(gateways);
  }

  static boolean canFire(ProcessModel model, ElementModel gateway, ElementInstance scope) {
    Set<String> missingSources = new HashSet<>();
    boolean anyToken = false;
    for (String incoming : gateway.incoming()) {
      if (scope.joinTokens.getOrDefault(incoming, 0) > 0) {
        anyToken = true;
      } else {
        missingSources.add(model.flow(incoming).sourceId());
      }
    }
    if (!anyToken) {
      return false;
    }
    if (missingSources.isEmpty()) {
      return true;
    }
    List<ElementModel> live = new ArrayList<>();
    for (ElementInstance child : scope.activeChildren) {
      live.add(child.element);
    }
    for (Map.Entry<String, Integer> token : scope.joinTokens.entrySet()) {
      SequenceFlowModel flow = model.flow(token.getKey());
      if (token.getValue() > 0 && flow != null && !flow.targetId().equals(gateway.id)) {
        live.add(model.element(flow.targetId())); // a token waiting at another join goes on from there
      }
    }
    for (ElementModel start : live) {
      if (reaches(model, start, gateway, missingSources)) {
        return false;
      }
    }
    return true;
  }

  private static boolean reaches(ProcessModel model, ElementModel start, ElementModel gateway, Set<String> targets) {
    Deque<ElementModel> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      ElementModel element = pending.poll();
      if (element == gateway || !seen.add(element.id)) {
        continue;
      }
      if (targets.contains(element.id)) {
        return true;
      }
      for (SequenceFlowModel flow : element.outgoing()) {
        pending.add(model.element(flow.targetId()));
      }
      for (List<ElementModel> boundaries : List.of(element.timerBoundaries(), element.messageBoundaries(), element.errorBoundaries(),
          element.escalationBoundaries(), element.signalBoundaries())) {
        pending.addAll(boundaries);
      }
      if (element.linkTargetId() != null) {
        pending.add(model.element(element.linkTargetId()));
      }
    }
    return false;
  }
}
