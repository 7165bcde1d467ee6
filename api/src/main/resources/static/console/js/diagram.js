// bpmn-js navigated viewer (served from /vendor, global BpmnJS) with ExportCert's markers.
import { localizeDiagramXml } from './i18n.js';

export async function showDiagram(container, xml) {
  container.replaceChildren();
  const viewer = new window.BpmnJS({ container });
  await viewer.importXML(localizeDiagramXml(xml));
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  return viewer;
}

export function mark(viewer, elementId, cls) {
  const registry = viewer.get('elementRegistry');
  if (!registry.get(elementId)) return false;
  viewer.get('canvas').addMarker(elementId, cls);
  return true;
}

/** A small label on an element: counts, incident messages, lint findings. */
export function badgeOn(viewer, elementId, text, cls, position = { top: -12, right: 12 }) {
  const registry = viewer.get('elementRegistry');
  if (!registry.get(elementId)) return false;
  const el = document.createElement('div');
  el.className = `ov ${cls}`;
  el.textContent = text;
  el.title = text;
  viewer.get('overlays').add(elementId, cls, { position, html: el });
  return true;
}
