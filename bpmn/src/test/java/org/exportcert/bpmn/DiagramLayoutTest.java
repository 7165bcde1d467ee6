package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.bpmn.ModelFiles.bpmnModels;

import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;

/** The diagrams must read well in Modeler: nothing stacked on top of each other, arrows attached. */
class DiagramLayoutTest {

  static final Path OUT = Path.of("target/diagrams");

  private static void report(String rule, List<String> problems) {
    assertThat(problems)
        .withFailMessage(() -> rule + " - " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems))
        .isEmpty();
  }

  private static boolean inside(ModelElementInstance e, BaseElement container) {
    for (ModelElementInstance p = e.getParentElement(); p != null; p = p.getParentElement()) {
      if (p == container) return true;
    }
    return false;
  }

  private static boolean overlap(Bounds a, Bounds b) {
    return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
        && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
  }

  private static boolean near(Waypoint w, Bounds b) {
    double m = 2;
    return w.getX() >= b.getX() - m && w.getX() <= b.getX() + b.getWidth() + m
        && w.getY() >= b.getY() - m && w.getY() <= b.getY() + b.getHeight() + m;
  }

  @Test
  void shapesDoNotOverlap() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      List<BpmnShape> shapes = new ArrayList<>(m.getModelElementsByType(BpmnShape.class));
      for (int i = 0; i < shapes.size(); i++) {
        for (int j = i + 1; j < shapes.size(); j++) {
          BaseElement a = shapes.get(i).getBpmnElement();
          BaseElement b = shapes.get(j).getBpmnElement();
          if (inside(a, b) || inside(b, a)) continue;
          if (a instanceof BoundaryEvent be && be.getAttachedTo() == b) continue;
          if (b instanceof BoundaryEvent be && be.getAttachedTo() == a) continue;
          if (overlap(shapes.get(i).getBounds(), shapes.get(j).getBounds())) {
            problems.add(file + "#" + a.getId() + " overlaps " + b.getId());
          }
        }
      }
    });
    report("Overlapping shapes", problems);
  }

  @Test
  void everyArrowStartsAtItsSourceAndEndsAtItsTarget() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      Map<String, Bounds> bounds = new HashMap<>();
      m.getModelElementsByType(BpmnShape.class).forEach(s -> bounds.put(s.getBpmnElement().getId(), s.getBounds()));
      for (BpmnEdge e : m.getModelElementsByType(BpmnEdge.class)) {
        if (!(e.getBpmnElement() instanceof SequenceFlow f)) continue;
        List<Waypoint> w = new ArrayList<>(e.getWaypoints());
        FlowNode s = f.getSource();
        FlowNode t = f.getTarget();
        if (w.size() < 2) {
          problems.add(file + "#" + f.getId() + ": fewer than two waypoints");
          continue;
        }
        if (!near(w.get(0), bounds.get(s.getId()))) problems.add(file + "#" + f.getId() + ": does not start at " + s.getId());
        if (!near(w.get(w.size() - 1), bounds.get(t.getId()))) problems.add(file + "#" + f.getId() + ": does not end at " + t.getId());
      }
    });
    report("Arrows", problems);
  }

  /** Writes target/diagrams/<process>.svg; docs/images holds the copies the guide shows. */
  @Test
  void exportsEveryDiagramAsSvg() throws IOException {
    Files.createDirectories(OUT);
    for (var entry : bpmnModels().entrySet()) {
      String name = Path.of(entry.getKey()).getFileName().toString().replace(".bpmn", ".svg");
      String svg = DiagramSvg.render(entry.getValue());
      assertThat(svg).as(entry.getKey()).contains("<polyline");
      Files.writeString(OUT.resolve(name), svg);
    }
  }
}
