package org.exportcert.bpmn;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Gateway;
import io.camunda.zeebe.model.bpmn.instance.LinkEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a model from its diagram interchange (DI) as SVG, for docs/process-guide.md and as a check
 * that the layout is drawable. Deliberately simple: bpmn-js / Camunda Modeler remain the real viewers.
 */
final class DiagramSvg {

  private DiagramSvg() {}

  static String render(BpmnModelInstance m) {
    double maxX = 0;
    double maxY = 0;
    for (BpmnShape s : m.getModelElementsByType(BpmnShape.class)) {
      Bounds b = s.getBounds();
      maxX = Math.max(maxX, b.getX() + b.getWidth() + 120);
      maxY = Math.max(maxY, b.getY() + b.getHeight() + 60);
    }
    StringBuilder body = new StringBuilder();
    List<BpmnShape> shapes = new ArrayList<>(m.getModelElementsByType(BpmnShape.class));
    // containers first, boundary events last, so they draw on top of their hosts
    shapes.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    for (BpmnShape s : shapes) shape(body, s);
    for (BpmnEdge e : m.getModelElementsByType(BpmnEdge.class)) edge(body, e);
    return String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            + "font-family=\"Arial, Helvetica, sans-serif\" font-size=\"11\">%n"
            + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
            + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#222\"/></marker></defs>%n"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n%s</svg>%n",
        maxX, maxY, maxX, maxY, body);
  }

  private static int rank(BpmnShape s) {
    BaseElement e = s.getBpmnElement();
    if (e instanceof SubProcess) return 0;
    if (e instanceof BoundaryEvent) return 2;
    return 1;
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Word-wraps a name into lines of at most {@code width} characters. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : (text == null ? "" : text).split(" ")) {
      if (line.length() > 0 && line.length() + word.length() + 1 > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }

  private static void text(StringBuilder o, double cx, double y, String s, int width) {
    List<String> lines = wrap(s, width);
    for (int i = 0; i < lines.size(); i++) {
      o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", cx, y + i * 13, esc(lines.get(i))));
    }
  }

  private static void shape(StringBuilder o, BpmnShape s) {
    Bounds b = s.getBounds();
    double x = b.getX(), y = b.getY(), w = b.getWidth(), h = b.getHeight();
    double cx = x + w / 2, cy = y + h / 2;
    BaseElement e = s.getBpmnElement();
    String name = e instanceof FlowNode f ? f.getName() : "";
    if (e instanceof SubProcess sp) {
      String dash = sp.triggeredByEvent() ? " stroke-dasharray=\"6 4\"" : "";
      o.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"10\" fill=\"#fbfbfb\" stroke=\"#444\"%s/>%n", x, y, w, h, dash));
      o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">%s</text>%n", x + 8, y + 16, esc(name)));
    } else if (e instanceof Event ev) {
      double r = w / 2;
      String stroke = ev instanceof EndEvent ? "stroke-width=\"3.5\"" : "stroke-width=\"1.5\"";
      String dash = ev instanceof BoundaryEvent be && !be.cancelActivity() ? " stroke-dasharray=\"4 3\"" : "";
      if (ev instanceof StartEvent st && !st.isInterrupting()) dash = " stroke-dasharray=\"4 3\"";
      o.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"white\" stroke=\"#222\" %s%s/>%n", cx, cy, r, stroke, dash));
      if (!(ev instanceof StartEvent) && !(ev instanceof EndEvent)) {
        o.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#222\"%s/>%n", cx, cy, r - 3, dash));
      }
      String icon = icon(ev);
      if (!icon.isEmpty()) {
        o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\">%s</text>%n", cx, cy + 4, icon));
      }
      label(o, s, cx, y + h + 13, name);
    } else if (e instanceof Gateway) {
      o.append(String.format(Locale.ROOT, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"white\" stroke=\"#222\" stroke-width=\"1.5\"/>%n",
          cx, y, x + w, cy, cx, y + h, x, cy));
      String marker = e instanceof ParallelGateway ? "+" : e instanceof EventBasedGateway ? "◇" : "×";
      o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"20\">%s</text>%n", cx, cy + 7, marker));
      label(o, s, cx, y - 6 - 13 * (wrap(name, 24).size() - 1), name);
    } else {
      boolean call = e instanceof CallActivity;
      o.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"8\" fill=\"%s\" stroke=\"#222\" stroke-width=\"%s\"/>%n",
          x, y, w, h, call ? "#eef4fb" : "white", call ? "3" : "1.5"));
      String kind = e instanceof UserTask ? "user" : e instanceof ServiceTask ? "service" : e instanceof BusinessRuleTask ? "rules"
          : e instanceof ReceiveTask ? "wait" : call ? "phase" : "";
      o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"8\" fill=\"#666\">%s</text>%n", x + 5, y + 10, kind));
      List<String> lines = wrap(name, 17);
      text(o, cx, cy + 4 - 6.5 * (lines.size() - 1), name, 17);
    }
  }

  /** External label where the DI puts it (as Modeler does), else a default position. */
  private static void label(StringBuilder o, BpmnShape s, double cx, double y, String name) {
    if (s.getBpmnLabel() != null && s.getBpmnLabel().getBounds() != null) {
      Bounds lb = s.getBpmnLabel().getBounds();
      text(o, lb.getX() + lb.getWidth() / 2, lb.getY() + 10, name, (int) Math.max(8, lb.getWidth() / 5.5));
    } else {
      text(o, cx, y, name, 22);
    }
  }

  private static String icon(Event ev) {
    if (!ev.getChildElementsByType(TimerEventDefinition.class).isEmpty()) return "⏱";
    if (!ev.getChildElementsByType(MessageEventDefinition.class).isEmpty()) return "✉";
    if (!ev.getChildElementsByType(ErrorEventDefinition.class).isEmpty()) return "⚡";
    if (!ev.getChildElementsByType(LinkEventDefinition.class).isEmpty()) return "➜";
    return "";
  }

  private static void edge(StringBuilder o, BpmnEdge e) {
    StringBuilder pts = new StringBuilder();
    for (Waypoint w : e.getWaypoints()) pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", w.getX(), w.getY()));
    o.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>%n", pts.toString().trim()));
    BaseElement f = e.getBpmnElement();
    String name = f instanceof io.camunda.zeebe.model.bpmn.instance.SequenceFlow sf ? sf.getName() : null;
    if (name != null && e.getBpmnLabel() != null && e.getBpmnLabel().getBounds() != null) {
      Bounds lb = e.getBpmnLabel().getBounds();
      o.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#1a4d8f\">%s</text>%n", lb.getX(), lb.getY() + 10, esc(name)));
    }
  }
}
