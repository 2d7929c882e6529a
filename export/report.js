/* export/report.js: the program of kgraph's report.html (embedded by the
 * build; export/report.c writes the page around it).
 *
 * It reads the data document (the JSON script element #kg-data: summary, types,
 * relations, nodes with every measure, edges with their evidence) and
 * builds the summary, the filters, the entity and relation tables and the
 * evidence panel, and makes the inline Graphviz SVG pan, zoom and answer
 * clicks.  Every string from the data reaches the page through textContent
 * or setAttribute, never as markup, so a hostile entity name stays text.
 *
 * State is small: which relations and types are switched off, the search
 * text, and the selected entity or edge.  Each change calls refresh(),
 * which recomputes what is visible and highlighted from that state alone.
 * The selected entity is also kept in the URL fragment
 * (#entity=NAME&type=TYPE), so a link opens the report at it.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const measures = data.measures;
  const sizeBy = measures.indexOf(data.summary.size_by);
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const edges = new Map(data.edges.map((e) => [e.id, e]));
  const incident = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    incident.get(e.s).push(e);
    if (e.t !== e.s) incident.get(e.t).push(e);
  }
  for (const n of data.nodes)
    n.haystack = [n.name].concat(n.forms).join("\u0000").toLowerCase();

  const state = {
    offTypes: new Set(),
    offRelations: new Set(),
    query: "",
    node: null, // selected node id
    edge: null, // selected edge id
  };

  /* ---- small helpers ---- */

  const $ = (id) => document.getElementById(id);

  /* el("td", {class: "kg-num"}, "text", child...): attributes by
   * setAttribute, children as text nodes or elements. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {}))
      if (v !== null && v !== undefined) e.setAttribute(k, String(v));
    for (const c of children)
      if (c !== null && c !== undefined)
        e.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
    return e;
  }

  const grouped = (v) => v.toLocaleString("en-GB");

  function number(v) {
    if (Number.isInteger(v)) return grouped(v);
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1000) return grouped(Math.round(v));
    return String(Number(v.toPrecision(4)));
  }

  const plural = (n, one, many) => grouped(n) + " " + (n === 1 ? one : many);

  function swatch(color, line) {
    const s = el("span", { class: line ? "kg-swatch kg-swatch-line" : "kg-swatch", "aria-hidden": "true" });
    s.style.background = color; /* CSSOM, which the page's CSP allows */
    return s;
  }

  function entityButton(id) {
    const n = nodes.get(id);
    return el("button", { type: "button", class: "kg-entity", "data-node": id }, n ? n.name : "?");
  }

  function edgeVisible(e) {
    const s = nodes.get(e.s), t = nodes.get(e.t);
    return !state.offRelations.has(e.rel) && !state.offTypes.has(s.type) && !state.offTypes.has(t.type);
  }

  const nodeVisible = (n) => !state.offTypes.has(n.type);
  const matches = (n) => !state.query || n.haystack.includes(state.query);

  /* ---- the diagram ---- */

  const canvas = $("kg-canvas");
  const svg = canvas.querySelector("svg");
  const svgNodes = new Map(); // node id -> <g>
  const svgEdges = new Map(); // edge id -> <g>
  if (svg) {
    /* Tab reaches each node of a small drawing; in a large one the tables
     * and the search are the keyboard's way in (a thousand tab stops
     * would bury them). */
    const tabbable = svg.querySelectorAll("g.node").length <= 100;
    for (const g of svg.querySelectorAll("g.node")) {
      const m = /(?:^|-)n(\d+)$/.exec(g.id);
      if (!m || !nodes.has(Number(m[1]))) continue;
      const id = Number(m[1]);
      svgNodes.set(id, g);
      g.setAttribute("tabindex", tabbable ? "0" : "-1");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", nodes.get(id).name + " (" + nodes.get(id).type + ")");
    }
    for (const g of svg.querySelectorAll("g.edge")) {
      const m = /(?:^|-)e(\d+)$/.exec(g.id);
      if (m && edges.has(Number(m[1]))) svgEdges.set(Number(m[1]), g);
    }
  }

  /* Pan and zoom by the root viewBox: the drawing stays vector at every
   * zoom, and the SVG keeps its own coordinates. */
  const home = svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width
    ? { x: svg.viewBox.baseVal.x, y: svg.viewBox.baseVal.y, w: svg.viewBox.baseVal.width, h: svg.viewBox.baseVal.height }
    : null;
  let view = home ? Object.assign({}, home) : null;

  function setView(v) {
    const w = Math.min(Math.max(v.w, home.w / 50), home.w * 4);
    const h = w * (home.h / home.w);
    view = { x: v.x + (v.w - w) / 2, y: v.y + (v.h - h) / 2, w: w, h: h };
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map((x) => x.toFixed(2)).join(" "));
  }

  function toSvgPoint(clientX, clientY) {
    const ctm = svg.getScreenCTM();
    if (!ctm) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  }

  /* Zoom by `factor` (> 1 zooms in) keeping point p (SVG units) in place. */
  function zoom(factor, p) {
    if (!view) return;
    p = p || { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    const w = view.w / factor, h = view.h / factor;
    setView({ x: p.x - (p.x - view.x) / factor, y: p.y - (p.y - view.y) / factor, w: w, h: h });
  }

  function pan(dx, dy) {
    if (view) setView({ x: view.x + dx * view.w, y: view.y + dy * view.h, w: view.w, h: view.h });
  }

  /* Bring a node the user chose elsewhere (a table, the search, a link)
   * into view: centred, and zoomed in until its label is readable when
   * the whole of a large drawing is on screen. */
  function reveal(id) {
    const g = svgNodes.get(id);
    if (!g || !view) return;
    const ctm = g.getCTM(), root = svg.getCTM();
    if (!ctm || !root) return;
    const b = g.getBBox();
    const m = root.inverse().multiply(ctm);
    const c = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2).matrixTransform(m);
    const w = Math.min(view.w, Math.max(b.width * 12, home.w / 20));
    const h = w * (home.h / home.w);
    setView({ x: c.x - w / 2, y: c.y - h / 2, w: w, h: h });
  }

  function initDiagram() {
    if (!svg || !home) return;
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    $("kg-zoom-in").addEventListener("click", () => zoom(1.4));
    $("kg-zoom-out").addEventListener("click", () => zoom(1 / 1.4));
    $("kg-zoom-reset").addEventListener("click", () => setView(home));
    canvas.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      zoom(Math.exp(-ev.deltaY * 0.002), toSvgPoint(ev.clientX, ev.clientY));
    }, { passive: false });

    /* A drag ends wherever the button is let go; the click that may follow
     * on the canvas selects nothing.  The flag, not a one-shot listener:
     * a drag let go outside the canvas sends it no click to consume. */
    let drag = null, dragged = false;
    const endDrag = () => {
      if (drag && drag.moved) dragged = true;
      drag = null;
      canvas.classList.remove("kg-dragging");
    };
    canvas.addEventListener("pointerdown", (ev) => {
      dragged = false;
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, view: Object.assign({}, view), moved: false };
    });
    window.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      if (ev.buttons === 0) return endDrag(); /* a pointerup we never saw */
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      canvas.classList.add("kg-dragging");
      const r = canvas.getBoundingClientRect();
      const scale = Math.max(drag.view.w / r.width, drag.view.h / r.height);
      setView({ x: drag.view.x - dx * scale, y: drag.view.y - dy * scale, w: drag.view.w, h: drag.view.h });
    });
    window.addEventListener("pointerup", endDrag);
    window.addEventListener("pointercancel", endDrag);

    canvas.addEventListener("click", (ev) => {
      if (dragged) {
        dragged = false;
        return;
      }
      const g = ev.target.closest("g.node, g.edge");
      if (g && g.classList.contains("node")) {
        for (const [id, el2] of svgNodes) if (el2 === g) return selectNode(id, { from: "diagram" });
      } else if (g) {
        for (const [id, el2] of svgEdges) if (el2 === g) return selectEdge(id);
      }
    });
    canvas.addEventListener("keydown", (ev) => {
      const g = ev.target.closest && ev.target.closest("g.node");
      if (g && (ev.key === "Enter" || ev.key === " ")) {
        for (const [id, el2] of svgNodes) if (el2 === g) selectNode(id, { from: "diagram" });
        ev.preventDefault();
        return;
      }
      const keys = {
        "+": () => zoom(1.4), "=": () => zoom(1.4), "-": () => zoom(1 / 1.4), "0": () => setView(home),
        ArrowLeft: () => pan(-0.1, 0), ArrowRight: () => pan(0.1, 0),
        ArrowUp: () => pan(0, -0.1), ArrowDown: () => pan(0, 0.1),
      };
      if (keys[ev.key] && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        keys[ev.key]();
        ev.preventDefault();
      }
    });
  }

  /* ---- summary and filters ---- */

  function initSummary() {
    const s = data.summary;
    $("kg-counts").textContent = [plural(s.entities, "entity", "entities"),
      plural(s.relations, "relation", "relations"),
      plural(s.documents, "document", "documents") + " with relations"].join(" \u00b7 ");
    const facts = [
      ["Documents with relations", grouped(s.documents)],
      ["Entities", grouped(s.entities)],
      ["Relations", grouped(s.relations)],
      ["Components", grouped(s.components)],
      ["Communities", grouped(s.communities) + " (modularity " + number(s.modularity) + ")"],
      ["Betweenness and closeness", s.paths || "not computed"],
    ];
    const dl = el("dl");
    for (const [k, v] of facts) dl.append(el("dt", null, k), el("dd", null, v));

    const byKind = (title, list, line) => {
      const d = el("dl");
      for (const k of list)
        d.append(el("dt", null, swatch(k.color, line), " ", k.name), el("dd", null, grouped(k.count)));
      return el("div", null, el("h3", null, title), d);
    };
    const top = data.nodes.slice().sort((a, b) => b.m[sizeBy] - a.m[sizeBy] || a.id - b.id).slice(0, 10);
    const ol = el("ol");
    for (const n of top) ol.append(el("li", null, entityButton(n.id), " ", el("span", { class: "kg-source" }, n.type + ", " + measures[sizeBy] + " " + number(n.m[sizeBy]))));

    $("kg-summary").append(el("div", { class: "kg-summary-grid" },
      el("div", null, el("h3", null, "The graph"), dl),
      el("div", null, el("h3", null, "Most central (" + measures[sizeBy] + ")"), ol),
      byKind("Entities by type", data.types, false),
      byKind("Relations", data.relations, true)));
  }

  function initFilters() {
    const add = (box, list, attr, off, line) => {
      for (const k of list) {
        const cb = el("input", { type: "checkbox", [attr]: k.name });
        cb.checked = true;
        cb.addEventListener("change", () => {
          if (cb.checked) off.delete(k.name);
          else off.add(k.name);
          refilter();
        });
        box.append(el("label", null, cb, swatch(k.color, line), k.name + " (" + grouped(k.count) + ")"));
      }
    };
    add($("kg-types"), data.types, "data-type", state.offTypes, false);
    add($("kg-relations"), data.relations, "data-relation", state.offRelations, true);
  }

  /* ---- tables ---- */

  /* A sortable table of `rows` (objects with an id), built lazily: only
   * the first `limit` rows that pass the filter are in the DOM (a page of
   * 3,000 entities and 9,000 relations as full tables took seconds to lay
   * out), with buttons under it to show more.  columns: [{key, label, num,
   * cls, value(row), cell(row)}]. */
  const PAGE = 200;

  function makeTable(table, columns, rows, rowAttr, initial, noun) {
    const sort = { key: initial.key, dir: initial.dir };
    const made = new Map(); // id -> <tr>, made when first shown
    let sorted = rows, limit = PAGE, shown = [], pass = () => true, active = null;
    const status = el("p", { class: "kg-table-status", "aria-live": "polite" });
    const moreBtn = el("button", { type: "button", "data-show": "more" });
    const allBtn = el("button", { type: "button", "data-show": "all" });
    const footer = el("div", { class: "kg-table-more" }, status, moreBtn, allBtn);
    table.parentNode.after(footer);
    moreBtn.addEventListener("click", () => { limit += PAGE; render(); });
    allBtn.addEventListener("click", () => { limit = Infinity; render(); });

    function row(r) {
      let tr = made.get(r.id);
      if (!tr) {
        tr = el("tr", { [rowAttr]: r.id });
        for (const c of columns) tr.append(el("td", { class: c.num ? "kg-num" : c.cls || null }, c.cell(r)));
        made.set(r.id, tr);
      }
      tr.classList.toggle("kg-active", r.id === active);
      return tr;
    }

    function render() {
      shown = sorted.filter(pass);
      const n = Math.min(limit, shown.length);
      table.tBodies[0].replaceChildren(...shown.slice(0, n).map(row));
      const total = grouped(rows.length) + " " + noun;
      status.textContent = shown.length === rows.length
        ? (n < shown.length ? "Showing the first " + grouped(n) + " of " + total + "." : "All " + total + ".")
        : grouped(shown.length) + " of " + total + " shown" + (n < shown.length ? ", the first " + grouped(n) + " listed." : ".");
      moreBtn.hidden = allBtn.hidden = n >= shown.length;
      moreBtn.textContent = "Show " + grouped(Math.min(PAGE, shown.length - n)) + " more";
      allBtn.textContent = "Show all " + grouped(shown.length);
    }

    const head = el("tr");
    const ths = columns.map((c) => {
      const th = el("th", { scope: "col", class: c.num ? "kg-num" : null },
        el("button", { type: "button", "data-sort": c.key, title: "Sort by " + c.label }, c.label));
      th.firstChild.addEventListener("click", () => {
        sort.dir = sort.key === c.key ? -sort.dir : c.num ? -1 : 1;
        sort.key = c.key;
        order();
      });
      head.append(th);
      return th;
    });
    table.tHead.append(head);

    function order() {
      const c = columns.find((x) => x.key === sort.key);
      const keyed = rows.map((r) => [c.value(r), r]);
      keyed.sort((a, b) => {
        const x = a[0], y = b[0];
        const d = typeof x === "number" ? x - y : x < y ? -1 : x > y ? 1 : 0;
        return d * sort.dir || a[1].id - b[1].id;
      });
      sorted = keyed.map((k) => k[1]);
      columns.forEach((col, i) => {
        if (col.key === sort.key) ths[i].setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
        else ths[i].removeAttribute("aria-sort");
      });
      render();
    }
    order();
    return {
      /* show the rows passing `f`, from the first page again */
      filter(f) { pass = f; limit = PAGE; render(); },
      /* mark row `id` (null: none), listing it if it was not yet */
      mark(id) {
        active = id;
        const k = shown.findIndex((r) => r.id === id);
        if (k >= limit) limit = k + 1;
        render();
      },
      render: render,
      first: () => shown.length ? shown[0].id : null,
    };
  }

  let entityTable = null, edgeTable = null;

  function initTables() {
    const s = data.summary;
    const ecols = [
      { key: "name", label: "Name", value: (n) => n.name.toLowerCase(), cell: (n) => entityButton(n.id), cls: "kg-name" },
      { key: "type", label: "Type", value: (n) => n.type, cell: (n) => n.type },
      { key: "mentions", label: "Mentions", num: true, value: (n) => n.mentions, cell: (n) => grouped(n.mentions) },
      { key: "documents", label: "Documents", num: true, value: (n) => n.documents, cell: (n) => grouped(n.documents) },
      { key: "community", label: "Community", num: true, value: (n) => n.community, cell: (n) => String(n.community) },
    ].concat(measures.map((m, i) => ({
      key: m, label: m.replace(/_/g, " "), num: true, value: (n) => n.m[i], cell: (n) => number(n.m[i]),
    })));
    entityTable = makeTable($("kg-entities"), ecols, data.nodes, "data-node", { key: measures[sizeBy], dir: -1 }, "entities");
    const more = s.table_entities < s.entities
      ? " The table holds the " + grouped(s.table_entities) + " with the highest " + measures[sizeBy] + "."
      : "";
    const drawn = svgNodes.size < s.entities
      ? " The diagram draws " + grouped(svgNodes.size) + " of them, the most central."
      : "";
    $("kg-entities-note").textContent = "Sorted by " + measures[sizeBy] + "; select a column to sort by it." + more + drawn;

    const name = (id) => nodes.get(id).name.toLowerCase();
    const rcols = [
      { key: "source", label: "Source", value: (e) => name(e.s), cell: (e) => entityButton(e.s), cls: "kg-name" },
      { key: "relation", label: "Relation", value: (e) => e.rel,
        cell: (e) => el("button", { type: "button", class: "kg-edge", "data-edge": e.id }, e.rel) },
      { key: "target", label: "Target", value: (e) => name(e.t), cell: (e) => entityButton(e.t), cls: "kg-name" },
      { key: "weight", label: "Sentences", num: true, value: (e) => e.w, cell: (e) => grouped(e.w) },
      { key: "documents", label: "Documents", num: true, value: (e) => e.docs, cell: (e) => grouped(e.docs) },
      { key: "rules", label: "Rules", value: (e) => e.rules.map((r) => data.rules[r]).join(", "),
        cell: (e) => e.rules.map((r) => data.rules[r]).join(", ") },
    ];
    edgeTable = makeTable($("kg-edges"), rcols, data.edges, "data-edge", { key: "weight", dir: -1 }, "relations");
    $("kg-edges-note").textContent = "Each row is one relation between two entities; its weight is the number of sentences that state it." +
      (s.table_relations < s.relations ? " The table holds the " + grouped(s.table_relations) + " heaviest relations among the entities above." : "");
  }

  /* ---- the evidence panel ---- */

  function evidenceSection(e) {
    const arrow = e.sym ? " \u2014 " : " \u2192 ";
    const sec = el("section", { class: "kg-edge-evidence", "data-edge": e.id },
      el("h3", null, entityButton(e.s), arrow, el("span", { class: "kg-rel" }, e.rel), arrow, entityButton(e.t)),
      el("p", { class: "kg-details-meta" }, plural(e.w, "sentence", "sentences") + " in " +
        plural(e.docs, "document", "documents") + " \u00b7 rules: " + e.rules.map((r) => data.rules[r]).join(", ")));
    const ol = el("ol");
    for (const [doc, line, rule, text] of e.ev)
      ol.append(el("li", { class: "kg-evidence" },
        el("q", { class: "kg-sentence" }, text),
        el("span", { class: "kg-source" },
          el("span", { class: "kg-doc" }, data.docs[doc]), ", line ",
          el("span", { class: "kg-line" }, String(line)), " \u00b7 rule ",
          el("span", { class: "kg-rule" }, data.rules[rule]))));
    sec.append(ol);
    if (e.w > e.ev.length)
      sec.append(el("p", { class: "kg-more" }, "Showing " + e.ev.length + " of " + grouped(e.w) +
        " sentences: the graph keeps a few per relation (kgraph build --max-evidence sets how many)."));
    return sec;
  }

  function renderDetails() {
    const box = $("kg-details");
    box.replaceChildren();
    if (state.node !== null) {
      const n = nodes.get(state.node);
      box.append(el("h2", { class: "kg-details-title" }, n.name));
      const others = n.forms.filter((f) => f !== n.name);
      box.append(el("p", { class: "kg-details-meta" },
        n.type + " \u00b7 " + plural(n.mentions, "sentence", "sentences") + " in " +
        plural(n.documents, "document", "documents") + " \u00b7 " + measures[sizeBy] + " " + number(n.m[sizeBy]) +
        (others.length ? " \u00b7 also written " + others.join("; ") : "") +
        (svgNodes.has(n.id) || !svg ? "" : " \u00b7 not in the diagram, which draws " +
          grouped(svgNodes.size) + " of the " + grouped(data.summary.entities) + " entities, the most central")));
      const list = incident.get(n.id).filter(edgeVisible)
        .sort((a, b) => b.w - a.w || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.id - b.id));
      if (!list.length) box.append(el("p", { class: "kg-hint" }, "None of its relations is switched on."));
      for (const e of list) box.append(evidenceSection(e));
    } else if (state.edge !== null) {
      const e = edges.get(state.edge);
      box.append(el("h2", { class: "kg-details-title" }, nodes.get(e.s).name + " " + e.rel + " " + nodes.get(e.t).name));
      box.append(evidenceSection(e));
    } else if (!data.nodes.length) {
      box.append(el("p", { class: "kg-hint" }, "The graph is empty: the input holds no relation the rules found."));
    } else {
      box.append(el("p", { class: "kg-hint" }, "Select an entity in the diagram or a table, or a line in the diagram, to see the sentences behind its relations."));
    }
  }

  /* ---- selection and the URL fragment ---- */

  function setFragment(value) {
    const url = value ? "#" + value : location.pathname + location.search;
    try {
      history.replaceState(null, "", url);
    } catch (err) {
      location.replace(value ? "#" + value : "#");
    }
  }

  function selectNode(id, opts) {
    if (!nodes.has(id)) return;
    state.node = id;
    state.edge = null;
    refresh();
    if (state.node !== id) return; /* its type is switched off */
    setFragment("entity=" + encodeURIComponent(nodes.get(id).name) + "&type=" + encodeURIComponent(nodes.get(id).type));
    if (!opts || opts.from !== "diagram") reveal(id);
  }

  function selectEdge(id) {
    if (!edges.has(id)) return;
    state.node = null;
    state.edge = id;
    refresh();
    setFragment("");
  }

  function clearSelection() {
    state.node = state.edge = null;
    refresh();
    setFragment("");
  }

  function fromFragment() {
    /* decodeURIComponent, not URLSearchParams: a '+' typed into a link
     * is a plus sign in a name, not a space */
    const p = new Map();
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      const eq = part.indexOf("=");
      if (eq < 0) continue;
      try {
        p.set(part.slice(0, eq), decodeURIComponent(part.slice(eq + 1)));
      } catch (err) {
        return; /* not a link this page wrote */
      }
    }
    const name = p.has("entity") ? p.get("entity") : null, type = p.has("type") ? p.get("type") : null;
    if (name === null) return;
    for (const n of data.nodes)
      if (n.name === name && (type === null || n.type === type)) {
        if (state.node !== n.id) selectNode(n.id);
        return;
      }
  }

  /* ---- one refresh from the state ---- */

  /* The switches or the search changed: the tables list from the top. */
  function refilter() {
    entityTable.filter((n) => nodeVisible(n) && matches(n));
    edgeTable.filter(edgeVisible);
    refresh();
  }

  function refresh() {
    /* what is switched off cannot stay chosen */
    if ((state.node !== null && !nodeVisible(nodes.get(state.node))) ||
        (state.edge !== null && !edgeVisible(edges.get(state.edge)))) {
      state.node = state.edge = null;
      setFragment("");
    }
    const sel = state.node, edge = state.edge !== null ? edges.get(state.edge) : null;
    const near = new Set();
    if (sel !== null)
      for (const e of incident.get(sel)) if (edgeVisible(e)) near.add(e.s).add(e.t);
    if (edge) near.add(edge.s).add(edge.t);
    const focus = sel !== null || edge !== null;

    for (const [id, g] of svgNodes) {
      const n = nodes.get(id);
      g.classList.toggle("kg-off", !nodeVisible(n));
      g.classList.toggle("kg-selected", id === sel);
      g.classList.toggle("kg-neighbour", focus && id !== sel && near.has(id));
      g.classList.toggle("kg-dim", focus ? !near.has(id) : state.query !== "" && !matches(n));
    }
    for (const [id, g] of svgEdges) {
      const e = edges.get(id);
      g.classList.toggle("kg-off", !edgeVisible(e));
      g.classList.toggle("kg-selected", edge !== null && id === edge.id);
      const lit = edge ? id === edge.id : sel !== null ? e.s === sel || e.t === sel : true;
      g.classList.toggle("kg-dim", focus ? !lit : state.query !== "" && !matches(nodes.get(e.s)) && !matches(nodes.get(e.t)));
    }
    entityTable.mark(sel);
    edgeTable.mark(edge ? edge.id : null);
    renderDetails();
  }

  /* ---- events ---- */

  function initEvents() {
    document.addEventListener("click", (ev) => {
      const b = ev.target.closest("button.kg-entity, button.kg-edge");
      if (!b) return;
      if (b.classList.contains("kg-entity")) selectNode(Number(b.getAttribute("data-node")));
      else selectEdge(Number(b.getAttribute("data-edge")));
    });
    const search = $("kg-search");
    search.addEventListener("input", () => {
      state.query = search.value.trim().toLowerCase();
      refilter();
    });
    search.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        const id = entityTable.first();
        if (id !== null) selectNode(id);
        ev.preventDefault();
      } else if (ev.key === "Escape") {
        search.value = "";
        state.query = "";
        refilter();
      }
    });
    document.addEventListener("keydown", (ev) => {
      const typing = ev.target === search;
      if (ev.key === "/" && !typing) {
        search.focus();
        ev.preventDefault();
      } else if (ev.key === "Escape" && !typing && (state.node !== null || state.edge !== null)) {
        clearSelection();
      }
    });
    window.addEventListener("hashchange", fromFragment);
    /* the skip link moves the focus, not the address (which names the
     * chosen entity) */
    document.querySelector(".kg-skip").addEventListener("click", (ev) => {
      ev.preventDefault();
      $("kg-entities-section").focus();
    });
    /* paper gets the whole drawing, then the screen its view back */
    let screenView = null;
    window.addEventListener("beforeprint", () => {
      if (!view) return;
      screenView = view;
      setView(home);
    });
    window.addEventListener("afterprint", () => {
      if (screenView) setView(screenView);
      screenView = null;
    });
  }

  initDiagram();
  initSummary();
  initFilters();
  initTables();
  initEvents();
  refilter();
  fromFragment();
  document.documentElement.setAttribute("data-kg-ready", "1");
})();
