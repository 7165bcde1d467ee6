// Element names in the reader's language on the modeler's canvas. The models keep each element's
// Chinese name as the extension property name.zh (docs/process-guide.md "Names in Chinese"). With
// Chinese names shown, the XML given to the editor carries name.zh as each element's name; what
// the editor saves is turned back: the English name as it was, and the name shown (edited on the
// canvas or in the Name field) as name.zh. So the saved XML is the same as without the swap
// except for the Chinese names a person changed.
const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';
export const CHINESE_NAME = 'name.zh';

function parse(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return doc.getElementsByTagName('parsererror').length ? null : doc;
}

/** The name.zh zeebe:property of each element of a parsed model: [{ owner, property }]. */
function chineseNameProperties(doc) {
  const found = [];
  for (const property of Array.from(doc.getElementsByTagNameNS(ZEEBE, 'property'))) {
    // zeebe:property < zeebe:properties < bpmn:extensionElements < the named element
    const owner = property.parentNode?.parentNode?.parentNode;
    if (property.getAttribute('name') === CHINESE_NAME && owner?.getAttribute?.('id')) found.push({ owner, property });
  }
  return found;
}

/** The moddle element (businessObject) of each id in the model the editor holds. */
function elementsById(definitions) {
  const byId = new Map();
  const seen = new Set();
  const visit = (o) => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) { o.forEach(visit); return; }
    if (!o.$descriptor) return;
    if (o.id && !byId.has(o.id)) byId.set(o.id, o);
    for (const p of o.$descriptor.properties) {
      if (!p.isReference && !p.isAttr && p.name !== 'diagrams') visit(o[p.name]);
    }
  };
  visit(definitions);
  return byId;
}

/** The current value of an element's name.zh in the editor's model; null when it has none. */
function chineseNameIn(element) {
  const properties = (element.extensionElements?.values || []).filter((v) => v.$instanceOf?.('zeebe:Properties'));
  const p = properties.flatMap((v) => v.properties || []).find((x) => x.name === CHINESE_NAME);
  return p ? (p.value ?? '') : null;
}

/**
 * The model with Chinese names shown. Returns { xml } to import and bind(modeler), to call once
 * imported, which returns restore(savedXml): the saved XML with English names and name.zh set.
 */
export function showChineseNames(xml) {
  const doc = parse(xml);
  const swapped = new Map(); // id -> { english, zh }
  if (doc) {
    for (const { owner, property } of chineseNameProperties(doc)) {
      const zh = (property.getAttribute('value') || '').trim();
      if (!zh || swapped.has(owner.getAttribute('id'))) continue;
      swapped.set(owner.getAttribute('id'), { english: owner.getAttribute('name') });
      owner.setAttribute('name', zh);
    }
  }
  const shown = swapped.size ? new XMLSerializer().serializeToString(doc) : xml;
  return {
    xml: shown,
    count: swapped.size,
    bind(modeler) {
      const byId = elementsById(modeler.getDefinitions());
      const records = [...swapped].map(([id, { english }]) => byId.get(id) && {
        element: byId.get(id), english, zh: byId.get(id).name || '', shownBase: byId.get(id).name || '',
        propertyBase: chineseNameIn(byId.get(id)),
      }).filter(Boolean);
      return (saved) => restore(saved, records);
    },
  };
}

function restore(saved, records) {
  const doc = parse(saved);
  if (!doc || !records.length) return saved;
  const byId = new Map();
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    const id = el.getAttribute('id');
    if (id && !byId.has(id)) byId.set(id, el);
  }
  for (const r of records) {
    const shown = r.element.name || '';
    const property = chineseNameIn(r.element);
    // the newest edit wins: the name on the canvas, else name.zh in the properties panel
    if (shown !== r.shownBase) r.zh = shown;
    else if (property !== null && property !== r.propertyBase) r.zh = property;
    r.shownBase = shown;
    r.propertyBase = property;
    const el = byId.get(r.element.id);
    if (!el) continue; // deleted
    if (r.english === null) el.removeAttribute('name'); else el.setAttribute('name', r.english);
    const own = chineseNameProperties(doc).find((x) => x.owner === el);
    // name.zh removed in the properties panel stays removed
    if (own && property !== null) own.property.setAttribute('value', r.zh);
  }
  const out = new XMLSerializer().serializeToString(doc);
  return /^<\?xml/.test(saved) && !/^<\?xml/.test(out) ? `${saved.slice(0, saved.indexOf('?>') + 2)}\n${out}` : out;
}
