/* innercircle graph view: draws the as-of graph with Cytoscape.js, moves the as-of date with a
   slider, colours nodes by domain / faction / type, and shows a clicked node's evidence.
   Article text is untrusted: it is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var container = document.getElementById("graph");
  if (!container || typeof cytoscape !== "function") { return; }

  var statusEl = document.getElementById("graph-status");
  var panelBody = document.getElementById("panel-body");
  var panelHint = document.getElementById("panel-hint");
  var slider = document.getElementById("at-slider");
  var atInput = document.getElementById("at-input");
  var atLabel = document.getElementById("at-label");
  var colourBy = document.getElementById("colour-by");
  var legend = document.getElementById("legend");
  var colours = JSON.parse(container.dataset.colours || "{}");
  var state = { at: container.dataset.at || "", around: container.dataset.around || "" };
  var LOST = ["killed", "died", "executed", "dismissed", "resigned", "overthrown", "defected",
              "arrested", "imprisoned", "lost", "removed", "dead", "closed"];
  /* colours for keys without a fixed colour (factions, types): none is a domain colour */
  var PALETTE = ["#1f618d", "#b03a2e", "#117864", "#6c3483", "#9a7d0a", "#a04000", "#2e4053",
                 "#cb4335", "#48c9b0", "#5d6d7e", "#f1948a", "#7dcea0"];
  var TYPE_COLOURS = { Organization: "#95a5a6", Group: "#a3a78f", Position: "#b8a9c9",
                       Country: "#c8c8c8" };
  var cy = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function setStatus(text) { if (statusEl) { statusEl.textContent = text; } }

  /* ----------------------------------------------------------------- dates & slider */
  var DAY = 86400000;
  function parseDay(s) {
    if (!s) { return null; }
    var parts = String(s).split("-");
    var d = Date.UTC(+parts[0], (parts[1] ? +parts[1] : 1) - 1, parts[2] ? +parts[2] : 1);
    return isNaN(d) ? null : d;
  }
  function fmtDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  var minDay = parseDay(slider && slider.dataset.min);
  var maxDay = parseDay(slider && slider.dataset.max);
  if (slider && minDay !== null && maxDay !== null) {
    slider.max = String(Math.round((maxDay - minDay) / DAY));
    var start = parseDay(state.at) || maxDay;
    slider.value = String(Math.round((start - minDay) / DAY));
    slider.addEventListener("input", function () {
      var day = fmtDay(minDay + (+slider.value) * DAY);
      atLabel.textContent = day;
      if (atInput) { atInput.value = day; }
    });
    slider.addEventListener("change", function () {
      state.at = fmtDay(minDay + (+slider.value) * DAY);
      load();
    });
  }
  if (atInput) {
    atInput.addEventListener("change", function () {
      state.at = atInput.value;
      var d = parseDay(state.at);
      if (slider && d !== null && minDay !== null) {
        slider.value = String(Math.round((d - minDay) / DAY));
      }
      if (atLabel) { atLabel.textContent = state.at; }
      load();
    });
  }
  if (colourBy) { colourBy.addEventListener("change", function () { applyColours(); }); }

  /* ----------------------------------------------------------------- data */
  function elementsOf(data) {
    if (Array.isArray(data)) { return data; }
    var els = data.elements || data;
    if (Array.isArray(els)) { return els; }
    return [].concat(els.nodes || [], els.edges || []);
  }

  function labelOf(d) { return d.label || d.name || d.id; }

  function isLost(d) {
    var status = String(d.status || "").toLowerCase();
    if (d.lost === true || d.closed === true) { return true; }
    return LOST.some(function (w) { return status.indexOf(w) === 0; });
  }

  function prepare(elements) {
    return elements.map(function (item) {
      var d = item.data || {};
      var out = { group: d.source !== undefined && d.target !== undefined ? "edges" : "nodes",
                  data: {} };
      Object.keys(d).forEach(function (k) { out.data[k] = d[k]; });
      if (out.group === "nodes") {
        out.data.label = labelOf(d) + (isLost(d) ? " ✝" : "");
        out.classes = isLost(d) ? "lost" : "";
        if (state.around && d.id === state.around) { out.classes += " centre"; }
      } else {
        var text = (d.role || d.label || d.predicate || "").replace(/_/g, " ");
        out.data.label = text.length > 28 ? text.slice(0, 27) + "…" : text;
        out.classes = ["closed", "ended", "former"].indexOf(d.state) >= 0 ? "lost" : "";
      }
      return out;
    });
  }

  var AFFILIATION = ["member_of", "affiliated_with", "holds_position", "commands", "leads"];

  /* A person's faction: the group or organisation they belong to (member of, affiliated with,
     holding a post in), preferring the best-connected one; organisations are their own. */
  function faction(node) {
    var d = node.data();
    if (d.faction) { return d.faction; }
    if (d.type && d.type !== "Person") { return d.name || d.id; }
    var best = null;
    node.outgoers("edge").forEach(function (edge) {
      var e = edge.data();
      if (AFFILIATION.indexOf(e.predicate) < 0 || e.state !== "current") { return; }
      var target = edge.target();
      if (!best || target.degree() > best.degree()) { best = target; }
    });
    return best ? (best.data("name") || best.id()) : "unaffiliated";
  }

  function colourKey(node, mode) {
    var d = node.data();
    if (mode === "faction") { return faction(node); }
    if (mode === "type") { return d.type || "unknown"; }
    return d.domain || (d.type && d.type !== "Person" ? d.type : "unknown");
  }

  var assigned = {};
  function colourFor(key) {
    if (colours[key]) { return colours[key]; }
    if (TYPE_COLOURS[key]) { return TYPE_COLOURS[key]; }
    if (key === "unknown" || key === "" || key === null) { return "#9aa5b1"; }
    if (!assigned[key]) {
      assigned[key] = PALETTE[Object.keys(assigned).length % PALETTE.length];
    }
    return assigned[key];
  }

  function applyColours() {
    if (!cy) { return; }
    var mode = colourBy ? colourBy.value : "domain";
    var seen = {};
    cy.nodes().forEach(function (n) {
      var key = colourKey(n, mode);
      var colour = colourFor(key);
      var label = mode === "domain" && n.data("domain") === key && n.data("domain_label") ?
        n.data("domain_label") : key;
      seen[key] = { colour: colour, label: label };
      n.style("background-color", colour);
    });
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    Object.keys(seen).sort().forEach(function (key) {
      var item = el("span", "legend-item");
      var swatch = el("span", "swatch");
      swatch.style.backgroundColor = seen[key].colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(seen[key].label));
      legend.appendChild(item);
    });
    var lostItem = el("span", "legend-item");
    lostItem.appendChild(el("span", "swatch swatch-lost"));
    lostItem.appendChild(document.createTextNode("lost (killed, dismissed, arrested…) ✝"));
    legend.appendChild(lostItem);
  }

  function style() {
    return [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
          "background-color": "#9aa5b1", "width": 22, "height": 22, "color": "#1c2833",
          "text-wrap": "wrap", "text-max-width": 110, "border-width": 1, "border-color": "#fff" } },
      { selector: "node[type = 'Organization']", style: { "shape": "round-rectangle" } },
      { selector: "node[type = 'Group']", style: { "shape": "hexagon" } },
      { selector: "node[type = 'Position']", style: { "shape": "diamond" } },
      { selector: "node.centre", style: { "width": 38, "height": 38, "font-weight": "bold",
          "border-width": 3, "border-color": "#1c2833" } },
      { selector: "node.lost", style: { "border-width": 4, "border-color": "#e74c3c",
          "border-style": "double", "color": "#a93226", "background-opacity": 0.55 } },
      { selector: "node:selected", style: { "overlay-color": "#f1c40f", "overlay-opacity": 0.35 } },
      { selector: "edge", style: {
          "width": 1.2, "line-color": "#b3bac1", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#b3bac1",
          "label": "data(label)", "font-size": 7, "color": "#7b8a8b",
          "text-rotation": "autorotate", "text-background-color": "#ffffff",
          "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "edge.unlabelled", style: { "label": "" } },
      { selector: "edge.lost", style: { "line-style": "dashed", "line-color": "#e6b0aa",
          "target-arrow-color": "#e6b0aa" } }
    ];
  }

  function layout() {
    if (state.around) {
      return { name: "concentric", animate: false, minNodeSpacing: 24,
               concentric: function (n) { return n.id() === state.around ? 10 : n.degree(); },
               levelWidth: function () { return 2; } };
    }
    return { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90 };
  }

  function query() {
    var params = new URLSearchParams();
    if (state.at) { params.set("at", state.at); }
    if (state.around) { params.set("around", state.around); }
    return params.toString();
  }

  function load() {
    setStatus("Loading the graph…");
    var q = query();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "/graph" + (q ? "?" + q : ""));
    }
    fetch(container.dataset.api + (q ? "?" + q : ""), { credentials: "same-origin",
          headers: { "Accept": "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      })
      .then(function (res) {
        if (!res.ok) {
          var msg = res.body && res.body.error ? res.body.error.message : "failed";
          setStatus("Could not load the graph: " + msg);
          return;
        }
        draw(prepare(elementsOf(res.body)));
        if (res.body.data && res.body.data.note) { setStatus(res.body.data.note); }
      })
      .catch(function (err) { setStatus("Could not load the graph: " + err); });
  }

  function draw(elements) {
    if (cy) { cy.destroy(); }
    cy = cytoscape({ container: container, elements: elements, style: style(),
                     layout: layout(), minZoom: 0.1, maxZoom: 3 });
    if (cy.zoom() > 1.6) { cy.zoom({ level: 1.6, position: { x: cy.width() / 2,
                                                            y: cy.height() / 2 } }); cy.center(); }
    if (cy.edges().length > 80) { cy.edges().addClass("unlabelled"); }
    applyColours();
    var nodes = cy.nodes().length;
    var lost = cy.nodes(".lost").length;
    setStatus(nodes + " nodes, " + cy.edges().length + " ties" +
              (lost ? ", " + lost + " lost (✝)" : "") + (state.at ? " — as of " + state.at : ""));
    container.dataset.ready = "true";
    window.innercircleGraph = cy; /* for scripted checks (tests, the console) */
    cy.on("tap", "node", function (evt) { showNode(evt.target.data()); });
  }

  /* ----------------------------------------------------------------- side panel */
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function evidenceItem(s) {
    var fig = el("figure", "evidence");
    var quote = el("blockquote");
    quote.appendChild(el("mark", null, s.evidence_text || s.sentence || s.text || ""));
    fig.appendChild(quote);
    var cap = el("figcaption");
    cap.appendChild(el("span", "grade grade-" + String(s.source_grade || "none").slice(0, 1)
                               .toLowerCase(), s.source_grade || "–"));
    cap.appendChild(el("span", "outlet", s.outlet || "unknown outlet"));
    var day = s.valid_from || s.reported_at || s.date;
    if (day) { cap.appendChild(el("span", "date", day)); }
    if (s.corroboration !== undefined && s.corroboration !== null) {
      cap.appendChild(el("span", "corroboration", s.corroboration + " source(s)"));
    }
    if (s.doc_id) {
      var a = el("a", null, "article");
      var href = "/documents/" + encodeURIComponent(s.doc_id);
      if (s.evidence_start !== null && s.evidence_start !== undefined) {
        href += "?start=" + s.evidence_start + "&end=" + s.evidence_end + "#evidence";
      }
      a.href = href;
      cap.appendChild(a);
    }
    fig.appendChild(cap);
    return fig;
  }

  function describe(s, id) {
    var what = s.predicate.replace(/_/g, " ");
    if (s.role) { what += " (" + s.role + ")"; }
    if (s.object_id && s.object_id !== id) { what += " → " + s.object_id; }
    if (s.subject_id !== id) { what = s.subject_id + " " + what; }
    return what;
  }

  function corroborationText(c) {
    if (!c) { return null; }
    return c.stories + (c.stories === 1 ? " source" : " sources") +
           (c.best_grade ? ", best " + c.best_grade : "");
  }

  function factItem(f) {
    var item = el("div", "fact");
    var what = el("div", "fact-what");
    var date = f.date || f.start || f.first_reported;
    if (date) { what.appendChild(el("span", "date", date + " ")); }
    what.appendChild(document.createTextNode(f.description || f.predicate));
    if (f.state && f.state !== "current") {
      what.appendChild(el("span", "status" + (f.state === "closed" ? " status-lost" : ""),
                          f.state + (f.closed_by ? ": " + f.closed_by : "")));
    }
    var corr = corroborationText(f.corroboration);
    if (corr) { what.appendChild(el("span", "corroboration", corr)); }
    item.appendChild(what);
    (f.evidence || []).slice(0, 2).forEach(function (ev) {
      item.appendChild(evidenceItem({
        evidence_text: ev.sentence, outlet: ev.outlet, source_grade: ev.grade,
        reported_at: ev.published, doc_id: ev.doc_id
      }));
    });
    return item;
  }

  function showWho(list, who) {
    var sections = [["Events", who.events || []], ["Posts", who.posts || []],
                    ["Ties", who.ties || []]];
    var shown = 0;
    sections.forEach(function (section) {
      if (!section[1].length) { return; }
      list.appendChild(el("h3", null, section[0] + " (" + section[1].length + ")"));
      section[1].slice(0, 8).forEach(function (f) { list.appendChild(factItem(f)); shown += 1; });
    });
    if (!shown) { list.appendChild(el("p", "muted", "Nothing known at this date.")); }
  }

  function showStatements(list, body, id) {
    var items = body.items || [];
    if (!items.length) { list.appendChild(el("p", "muted", "No statements.")); return; }
    list.appendChild(el("h3", null, "Evidence (" + body.total + ")"));
    items.forEach(function (s) {
      var item = el("div", "fact");
      item.appendChild(el("div", "fact-what", describe(s, id)));
      item.appendChild(evidenceItem(s));
      list.appendChild(item);
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
      });
  }

  function showNode(d) {
    clear(panelBody);
    if (panelHint) { panelHint.hidden = true; }
    var title = el("h2");
    var link = el("a", null, (d.name || d.id) + (isLost(d) ? " ✝" : ""));
    link.href = "/entities/" + encodeURIComponent(d.id) + (state.at ? "?at=" + state.at : "");
    title.appendChild(link);
    panelBody.appendChild(title);
    var facts = el("p", "muted");
    facts.textContent = [d.type, d.domain_label || d.domain,
                         d.status ? d.status + (d.status_date ? " " + d.status_date : "") : ""]
                        .filter(Boolean).join(" · ");
    panelBody.appendChild(facts);
    var list = el("div", "panel-evidence");
    list.appendChild(el("p", "muted", "Loading evidence…"));
    panelBody.appendChild(list);
    var id = encodeURIComponent(d.id);
    getJson("/api/entities/" + id + (state.at ? "?at=" + state.at : ""))
      .then(function (res) {
        if (res.ok) { clear(list); showWho(list, res.body); return null; }
        /* the power-map query failed: show the stored statements instead */
        return getJson("/api/entities/" + id + "/statements?limit=25").then(function (raw) {
          clear(list);
          if (!raw.ok) {
            list.appendChild(el("p", "bad", raw.body.error ? raw.body.error.message : "failed"));
            return;
          }
          showStatements(list, raw.body, d.id);
        });
      })
      .then(function () {
        var more = el("a", null, "entity page: timeline and all evidence →");
        more.href = link.href;
        list.appendChild(more);
      })
      .catch(function (err) { clear(list); list.appendChild(el("p", "bad", String(err))); });
  }

  load();
})();
