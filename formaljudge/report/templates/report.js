(function () {
  "use strict";
  // Every string below that came from a trace goes into the page as a text node: no innerHTML, no
  // attribute that the browser would load or run (href only ever holds "#trace/<number>").
  var started = performance.now();
  var D = JSON.parse(document.getElementById("fj-data").textContent);
  var VERDICTS = ["VIOLATED", "UNKNOWN", "SATISFIED"];
  var SOURCE = { code: "code extractor", embedded: "embedded reader", llm: "LLM", none: "no reader" };
  var PAGE = 50;
  var TEXT_CUT = 20000;
  var policies = D.policies || [];
  var traces = D.traces || [];
  var reports = D.reports || [];
  var bench = D.bench || null;

  // ---- building DOM from text only
  var CTL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

  function hex(ch) {
    var h = ch.charCodeAt(0).toString(16).toUpperCase();
    return "U+" + "0000".slice(h.length) + h;
  }

  function appendText(parent, value) {
    var s = String(value);
    var last = 0;
    var m;
    CTL.lastIndex = 0;
    while ((m = CTL.exec(s)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(s.slice(last, m.index)));
      var c = document.createElement("span");
      c.className = "ctl";
      c.title = "control character " + hex(m[0]) + ", shown and not applied";
      c.textContent = hex(m[0]);
      parent.appendChild(c);
      last = m.index + m[0].length;
    }
    if (last < s.length) parent.appendChild(document.createTextNode(s.slice(last)));
    return parent;
  }

  function add(parent, kid) {
    if (kid === null || kid === undefined || kid === false) return parent;
    if (Array.isArray(kid)) {
      kid.forEach(function (k) { add(parent, k); });
    } else if (typeof kid === "object") {
      parent.appendChild(kid);
    } else {
      appendText(parent, kid);
    }
    return parent;
  }

  function el(tag, cls) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function badge(verdict) {
    return el("span", "badge v-" + verdict, verdict);
  }

  function sourceBadge(kind, source) {
    var b = el("span", "badge src-" + kind, SOURCE[kind] || kind);
    b.title = "read by " + source;
    return b;
  }

  function sourceDetail(f) {
    // the reader's own name where it says more than the badge (a model name, "cues only")
    var src = f.source || "code";
    return src === "code" || src === f.kind ? null : el("div", "small mono", src);
  }

  function traceLink(trace, report, text) {
    var a = el("a", "tr", text);
    a.href = "#trace/" + Number(trace) + (report === null || report === undefined ? "" : "/" + Number(report));
    return a;
  }

  function show(value) {
    return value === null || value === undefined ? "UNKNOWN" : JSON.stringify(value);
  }

  // ---- indexes
  var reportsOfTrace = {};
  reports.forEach(function (r, i) {
    (reportsOfTrace[r.trace] = reportsOfTrace[r.trace] || []).push(i);
    r.bad = (r.constraints || []).filter(function (c) { return c.verdict !== "SATISFIED"; });
    r.keys = {};
    r.bad.forEach(function (c) { r.keys[r.policy + "/" + c.id] = true; });
  });
  var rowsOfTrace = {};
  if (bench) {
    bench.rows.forEach(function (row, i) {
      row.flagged = row.verdict !== "SATISFIED";
      row.outcome = row.flagged === row.truth ? "correct" : (row.flagged ? "false positive" : "false negative");
      if (row.trace !== null && row.trace !== undefined) (rowsOfTrace[row.trace] = rowsOfTrace[row.trace] || []).push(i);
    });
  }
  var blobs = [];
  function blob(t) {
    if (blobs[t] === undefined) {
      var tr = traces[t];
      var parts = [tr.id, tr.file || "", tr.task || "", tr.label || "", tr.format || ""];
      (tr.steps || []).forEach(function (s) { parts.push(s.tool || "", s.text || "", s.args || ""); });
      blobs[t] = parts.join("\n").toLowerCase();
    }
    return blobs[t];
  }

  // ---- the list: filters, a paged table
  var list = document.getElementById("list");
  var view = document.getElementById("trace");
  var overview = document.getElementById("overview");
  var state = { page: 0, rows: [] };
  var controls = {};

  function select(id, label, options) {
    var s = el("select");
    s.id = id;
    options.forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      s.appendChild(opt);
    });
    controls[id] = s;
    s.addEventListener("change", function () { state.page = 0; refresh(); });
    return el("label", null, label, s);
  }

  function searchBox() {
    var box = el("input");
    box.type = "search";
    box.id = "f-search";
    box.placeholder = "search ids, files, step text, tool arguments";
    controls["f-search"] = box;
    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.page = 0; refresh(); }, 120);
    });
    return el("label", null, "search", box);
  }

  function pager() {
    var prev = el("button", null, "‹ previous");
    var next = el("button", null, "next ›");
    var where = el("span", "count");
    prev.type = next.type = "button";
    prev.id = "p-prev";
    next.id = "p-next";
    where.id = "p-where";
    prev.addEventListener("click", function () { if (state.page > 0) { state.page--; drawPage(); } });
    next.addEventListener("click", function () { if ((state.page + 1) * PAGE < state.rows.length) { state.page++; drawPage(); } });
    return el("div", "pager", prev, next, where);
  }

  var tbody = el("tbody");
  tbody.id = "rows-body";
  var counter = el("span", "count");
  counter.id = "f-count";

  function buildAuditList() {
    var policyOpts = [["", "every policy"]].concat(policies.map(function (p, i) { return [String(i), p.name]; }));
    var constraintOpts = [["", "every constraint"]];
    policies.forEach(function (p, i) {
      (p.constraints || []).forEach(function (c) { constraintOpts.push([i + "/" + c.id, p.name + " · " + c.id]); });
    });
    var verdictOpts = [["", "every verdict"]].concat(VERDICTS.map(function (v) { return [v, v]; }));
    add(list, el("h2", null, "Checks"));
    add(list, el("div", "filters",
      select("f-verdict", "verdict", verdictOpts),
      select("f-policy", "policy", policyOpts),
      select("f-constraint", "constraint not satisfied", constraintOpts),
      searchBox(), counter));
    var head = el("tr", null, el("th", null, "trajectory"), el("th", null, "file"), el("th", null, "policy"),
      el("th", null, "verdict"), el("th", null, "constraints not satisfied"), el("th", null, "label"));
    add(list, el("table", "rows", el("thead", null, head), tbody));
    add(list, pager());
  }

  function auditRows() {
    var v = controls["f-verdict"].value;
    var p = controls["f-policy"].value;
    var c = controls["f-constraint"].value;
    var q = controls["f-search"].value.trim().toLowerCase();
    var out = [];
    for (var i = 0; i < reports.length; i++) {
      var r = reports[i];
      if (v && r.verdict !== v) continue;
      if (p && String(r.policy) !== p) continue;
      if (c && !r.keys[c]) continue;
      if (q) {
        var extra = (policies[r.policy] ? policies[r.policy].name : "") + " " + r.bad.map(function (x) { return x.id; }).join(" ");
        if (blob(r.trace).indexOf(q) < 0 && extra.toLowerCase().indexOf(q) < 0) continue;
      }
      out.push(i);
    }
    return out;
  }

  function auditRow(i) {
    var r = reports[i];
    var t = traces[r.trace];
    var tr = el("tr");
    tr.dataset.verdict = r.verdict;
    tr.dataset.policy = policies[r.policy] ? policies[r.policy].name : "";
    tr.dataset.trace = t.id;
    var bad = el("td");
    r.bad.forEach(function (c, k) {
      if (k) add(bad, ", ");
      var span = el("span", "mono", c.id);
      span.title = c.verdict;
      add(bad, [span, " ", badge(c.verdict)]);
    });
    if (!r.bad.length) add(bad, el("span", "empty", "none"));
    add(tr, [el("td", null, traceLink(r.trace, i, t.id)), el("td", "mono", t.file || ""),
      el("td", null, tr.dataset.policy), el("td", null, badge(r.verdict)), bad, el("td", null, t.label || "")]);
    return tr;
  }

  function buildBenchList() {
    var judgeOpts = [["", "every judge"]].concat(bench.judges.map(function (j, i) { return [String(i), j.name]; }));
    var outcomeOpts = [["errors", "errors (false positives and negatives)"], ["false positive", "false positives"],
      ["false negative", "false negatives"], ["", "every record"]];
    add(list, el("h2", null, "Errors"));
    add(list, el("div", "filters", select("f-judge", "judge", judgeOpts), select("f-outcome", "outcome", outcomeOpts),
      searchBox(), counter));
    var head = el("tr", null, el("th", null, "record"), el("th", null, "label"), el("th", null, "judge"),
      el("th", null, "verdict"), el("th", null, "outcome"), el("th", null, "note"));
    add(list, el("table", "rows", el("thead", null, head), tbody));
    add(list, pager());
  }

  function benchRows() {
    var j = controls["f-judge"].value;
    var o = controls["f-outcome"].value;
    var q = controls["f-search"].value.trim().toLowerCase();
    var out = [];
    for (var i = 0; i < bench.rows.length; i++) {
      var row = bench.rows[i];
      if (j && String(row.judge) !== j) continue;
      if (o === "errors" && row.outcome === "correct") continue;
      if (o && o !== "errors" && row.outcome !== o) continue;
      if (q) {
        var hay = row.trace === null || row.trace === undefined ? row.id.toLowerCase() : blob(row.trace);
        if (hay.indexOf(q) < 0 && (row.label || "").toLowerCase().indexOf(q) < 0) continue;
      }
      out.push(i);
    }
    return out;
  }

  function benchRow(i) {
    var row = bench.rows[i];
    var tr = el("tr");
    tr.dataset.verdict = row.verdict;
    tr.dataset.outcome = row.outcome;
    tr.dataset.judge = bench.judges[row.judge].key;
    tr.dataset.trace = row.id;
    var name = row.trace === null || row.trace === undefined ? el("span", "mono", row.id) : traceLink(row.trace, null, row.id);
    add(tr, [el("td", null, name), el("td", null, row.label + (row.truth ? " (positive)" : " (negative)")),
      el("td", null, bench.judges[row.judge].name), el("td", null, badge(row.verdict)), el("td", null, row.outcome),
      el("td", "small", row.note || "")]);
    return tr;
  }

  function refresh() {
    state.rows = bench ? benchRows() : auditRows();
    var total = bench ? bench.rows.length : reports.length;
    clear(counter);
    add(counter, state.rows.length + " of " + total + (bench ? " rows" : " checks"));
    counter.dataset.n = String(state.rows.length);
    drawPage();
  }

  function drawPage() {
    var rows = state.rows;
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * PAGE;
    var frag = document.createDocumentFragment();
    for (var k = from; k < Math.min(rows.length, from + PAGE); k++) frag.appendChild(bench ? benchRow(rows[k]) : auditRow(rows[k]));
    clear(tbody).appendChild(frag);
    if (!rows.length) {
      var td = el("td", "empty", "no row matches");
      td.colSpan = 6;
      tbody.appendChild(el("tr", null, td));
    }
    document.getElementById("p-prev").disabled = state.page === 0;
    document.getElementById("p-next").disabled = from + PAGE >= rows.length;
    var where = clear(document.getElementById("p-where"));
    add(where, rows.length ? "rows " + (from + 1) + "–" + Math.min(rows.length, from + PAGE) + " · page " + (state.page + 1) + " of " + pages : "");
  }

  function badRecords() {
    var bad = D.bad || [];
    if (!bad.length) return;
    var body = el("tbody");
    bad.forEach(function (b) {
      add(body, el("tr", null, el("td", "mono", b.file || ""), el("td", "mono", b.record === undefined ? "" : b.record),
        el("td", "mono", b.field || ""), el("td", null, b.message)));
    });
    var t = el("table", "rows", el("thead", null, el("tr", null, el("th", null, "file"), el("th", null, "record"),
      el("th", null, "field"), el("th", null, "error"))), body);
    t.id = "bad-records";
    add(list, [el("h2", null, "Bad records (" + bad.length + ")"), t]);
  }

  function hookOverviewFilters() {
    function pick(attr, control, reset) {
      var nodes = overview.querySelectorAll("[" + attr + "]");
      for (var i = 0; i < nodes.length; i++) {
        nodes[i].addEventListener("click", function (ev) {
          var node = ev.currentTarget;
          reset.forEach(function (id) { controls[id].value = ""; });
          controls[control].value = node.getAttribute(attr);
          state.page = 0;
          refresh();
          list.scrollIntoView();
        });
      }
    }
    if (bench) return;
    pick("data-filter-verdict", "f-verdict", ["f-policy", "f-constraint"]);
    pick("data-filter-policy", "f-policy", ["f-verdict", "f-constraint"]);
    pick("data-filter-constraint", "f-constraint", ["f-verdict", "f-policy"]);
  }

  // ---- one trajectory
  function evidenceLine(ev) {
    var line = el("span", "ev");
    if (ev.step !== undefined && ev.step !== null) {
      var jump = el("button", "jump", ev.address);
      jump.type = "button";
      jump.dataset.step = String(ev.step);
      jump.title = "show this step";
      jump.addEventListener("click", function () { focusStep(Number(jump.dataset.step)); });
      add(line, jump);
    } else {
      add(line, el("span", "addr", ev.address));
    }
    if (ev.origin) add(line, [" ", el("span", "addr", "(" + ev.origin + ")")]);
    if (ev.quote) add(line, [" “", el("span", "quote t", ev.quote), "”"]);
    if (ev.note) add(line, [" ", el("span", "small", ev.note)]);
    return line;
  }

  function forcingItem(f) {
    var li = el("li", null, el("span", null, f.label));
    if (f.value !== null && f.value !== undefined && String(f.label).indexOf("steps[") !== 0) add(li, [" = ", el("span", "mono", show(f.value))]);
    add(li, [" ", sourceBadge(f.kind || "code", f.source || "code")]);
    (f.evidence || []).forEach(function (ev) { add(li, evidenceLine(ev)); });
    return li;
  }

  function constraintBlock(policy, c) {
    var meta = {};
    (policy.constraints || []).forEach(function (m) { if (m.id === c.id) meta = m; });
    var box = el("div", "constraint v-" + c.verdict);
    box.dataset.constraint = c.id;
    box.dataset.verdict = c.verdict;
    add(box, el("div", null, el("span", "mono", c.id), " ", badge(c.verdict), meta.category ? el("span", "badge plain", meta.category) : null));
    if (meta.sentence) add(box, el("div", "sentence", meta.sentence));
    var reason = c.reason === undefined || c.reason === null ? (D.reasons || {})[c.verdict] : c.reason;
    if (reason) add(box, el("div", "reason", reason));
    if (c.forcing && c.forcing.length) {
      add(box, el("div", "small", c.verdict === "SATISFIED" ? "Holds because:" : "Forced by (the solver's unsat core):"));
      var ul = el("ul", "forcing");
      c.forcing.forEach(function (f) { ul.appendChild(forcingItem(f)); });
      add(box, ul);
    }
    if (c.depends_on && c.depends_on.length) {
      add(box, el("div", "small", "Depends on facts that could not be read:"));
      var dl = el("ul", "forcing");
      c.depends_on.forEach(function (d) { dl.appendChild(el("li", "mono", d)); });
      add(box, dl);
    }
    return box;
  }

  function factsTable(r) {
    var body = el("tbody");
    (r.facts || []).forEach(function (f) {
      var value = f.known ? el("span", "mono", show(f.value)) : badge("UNKNOWN");
      var conf = f.confidence === null || f.confidence === undefined ? "–" : Number(f.confidence).toFixed(2);
      var notes = el("td", null, f.note ? el("div", "small", f.note) : null);
      (f.evidence || []).forEach(function (ev) { add(notes, evidenceLine(ev)); });
      var row = el("tr", null, el("td", "mono", f.name), el("td", null, value),
        el("td", null, sourceBadge(f.kind || "code", f.source || "code"), sourceDetail(f)),
        el("td", "mono", conf), notes);
      row.dataset.fact = f.name;
      row.dataset.source = f.kind || "code";
      body.appendChild(row);
    });
    return el("table", "facts", el("thead", null, el("tr", null, el("th", null, "fact"), el("th", null, "value"),
      el("th", null, "read by"), el("th", null, "score"), el("th", null, "note and evidence"))), body);
  }

  function reportPanel(i, focused) {
    var r = reports[i];
    var policy = policies[r.policy] || { name: "?", constraints: [] };
    var panel = el("div", "panel report");
    panel.dataset.policy = policy.name;
    panel.dataset.verdict = r.verdict;
    add(panel, el("h3", null, "policy ", el("span", "mono", policy.name), " ", badge(r.verdict),
      el("span", "kv small", " backend " + (r.backend || "?") + " · reader " + (r.reader || "?") + (r.llm_calls ? " · " + r.llm_calls + " LLM calls" : ""))));
    var sorted = r.bad.slice().sort(function (a, b) { return VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict); });
    sorted.forEach(function (c) { add(panel, constraintBlock(policy, c)); });
    var ok = (r.constraints || []).filter(function (c) { return c.verdict === "SATISFIED"; });
    if (!r.bad.length) add(panel, el("p", "small", "Every constraint of this policy is satisfied."));
    if (ok.length) {
      var det = el("details", null, el("summary", null, ok.length + " satisfied constraint" + (ok.length > 1 ? "s" : "")));
      ok.forEach(function (c) { add(det, constraintBlock(policy, c)); });
      add(panel, det);
    }
    if (r.facts && r.facts.length) {
      var facts = el("details", null, el("summary", null, "facts read (" + r.facts.length + ") — value, who read it, score"));
      facts.open = !!focused;
      add(facts, factsTable(r));
      add(panel, facts);
    }
    return panel;
  }

  function highlights(reportIdx) {
    // steps and quoted spans named by the evidence of constraints that are not satisfied
    var hits = {};
    reportIdx.forEach(function (i) {
      var r = reports[i];
      var pname = policies[r.policy] ? policies[r.policy].name : "?";
      r.bad.forEach(function (c) {
        (c.forcing || []).forEach(function (f) {
          (f.evidence || []).forEach(function (ev) {
            if (ev.step === undefined || ev.step === null) return;
            var h = hits[ev.step] = hits[ev.step] || { why: {}, text: [], args: [] };
            h.why[pname + " · " + c.id] = true;
            if (ev.at) h[ev.at[0]].push({ a: ev.at[1], b: ev.at[2], why: pname + " · " + c.id });
          });
        });
      });
    });
    return hits;
  }

  function marked(parent, s, spans, whole) {
    // a very long text is cut (with a button to show all) unless a quote lies past the cut
    var limit = s.length;
    var maxEnd = 0;
    spans.forEach(function (sp) { maxEnd = Math.max(maxEnd, sp.b); });
    if (!whole && s.length > TEXT_CUT && maxEnd <= TEXT_CUT) limit = TEXT_CUT;
    var cuts = [0, limit];
    spans.forEach(function (sp) {
      if (sp.a < sp.b) cuts.push(Math.max(0, Math.min(limit, sp.a)), Math.max(0, Math.min(limit, sp.b)));
    });
    cuts.sort(function (x, y) { return x - y; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var x = cuts[k];
      var y = cuts[k + 1];
      if (x === y) continue;
      var why = [];
      spans.forEach(function (sp) { if (sp.a <= x && sp.b >= y && sp.a < sp.b) why.push(sp.why); });
      if (why.length) {
        var m = el("mark", null, s.slice(x, y));
        m.title = "quoted by " + why.filter(function (w, n) { return why.indexOf(w) === n; }).join(", ");
        parent.appendChild(m);
      } else {
        appendText(parent, s.slice(x, y));
      }
    }
    if (limit < s.length) {
      var more = el("button", "cut", "show all " + s.length + " characters");
      more.type = "button";
      more.addEventListener("click", function () { marked(clear(parent), s, spans, true); });
      add(parent, [" … ", more]);
    }
    return parent;
  }

  var KIND = { system: "system", user: "user", agent: "assistant", tool_call: "tool call", tool_result: "tool result", final: "final answer" };

  function timeline(t, hits) {
    var ol = el("ol", "timeline");
    (t.steps || []).forEach(function (s, n) {
      var h = hits[n];
      var li = el("li", "step kind-" + s.kind + (s.error ? " error" : "") + (h ? " hit" : ""));
      li.id = "s-" + n;
      li.dataset.step = String(n);
      li.dataset.kind = s.kind;
      var head = el("div", "step-head", el("span", "n", "steps[" + n + "]"), el("span", null, KIND[s.kind] || s.kind));
      if (s.tool) add(head, el("span", "tool", s.tool));
      if (s.result_of !== undefined && s.result_of !== null) add(head, el("span", null, "result of steps[" + s.result_of + "]"));
      if (s.error) add(head, el("span", "badge err", "error"));
      if (s.origin) add(head, el("span", "addr", s.origin));
      if (h) add(head, el("span", "why-hit", "evidence for " + Object.keys(h.why).join(", ")));
      add(li, head);
      if (s.args) add(li, marked(el("div", "args t"), s.args, h ? h.args : []));
      if (s.text) add(li, marked(el("div", "text t"), s.text, h ? h.text : []));
      if (!s.args && !s.text) add(li, el("div", "empty", "(empty)"));
      ol.appendChild(li);
    });
    if (!(t.steps || []).length) add(ol, el("li", "empty", "No steps: this trajectory was not given to the report."));
    return ol;
  }

  function focusStep(n) {
    var node = document.getElementById("s-" + n);
    if (!node) return;
    node.scrollIntoView({ block: "center" });
    node.classList.add("flash");
    setTimeout(function () { node.classList.remove("flash"); }, 1400);
  }

  function showTrace(n, focusReport) {
    var t = traces[n];
    clear(view);
    if (!t) {
      add(view, el("p", "empty", "No such trajectory."));
      return;
    }
    var back = el("a", "back", "← all " + (bench ? "records" : "checks"));
    back.href = "#";
    add(view, back);
    var head = el("div", "trace-head", el("h2", "t", t.id));
    head.id = "trace-head";
    add(head, el("div", null, t.file ? el("span", "kv", "file ", el("span", "mono", t.file)) : null,
      t.format ? el("span", "kv", "format " + t.format) : null, t.label ? el("span", "kv", "label " + t.label) : null,
      el("span", "kv", (t.steps || []).length + " steps")));
    if (t.task) add(head, el("div", null, el("span", "kv", "task"), el("span", "t", t.task)));
    add(view, head);
    var mine = [];
    var side = el("div");
    if (bench) {
      var rows = rowsOfTrace[n] || [];
      var body = el("tbody");
      rows.forEach(function (k) {
        var row = bench.rows[k];
        var tr = el("tr", null, el("td", null, bench.judges[row.judge].name), el("td", null, badge(row.verdict)),
          el("td", null, row.outcome), el("td", "small", row.note || ""));
        tr.dataset.judge = bench.judges[row.judge].key;
        body.appendChild(tr);
        if (row.report !== undefined && row.report !== null) mine.push(row.report);
      });
      var label = rows.length ? bench.rows[rows[0]].label + (bench.rows[rows[0]].truth ? " (positive)" : " (negative)") : "";
      add(side, el("div", "panel", el("h3", null, "Judges · label " + label), el("table", "facts", el("thead", null,
        el("tr", null, el("th", null, "judge"), el("th", null, "verdict"), el("th", null, "outcome"), el("th", null, "note"))), body)));
    } else {
      mine = (reportsOfTrace[n] || []).slice();
    }
    mine.sort(function (a, b) {
      if (a === focusReport) return -1;
      if (b === focusReport) return 1;
      return VERDICTS.indexOf(reports[a].verdict) - VERDICTS.indexOf(reports[b].verdict);
    });
    mine.forEach(function (i) { add(side, reportPanel(i, i === focusReport)); });
    if (!mine.length) add(side, el("p", "empty", "No FormalJudge report for this trajectory."));
    var steps = el("div", null, el("h3", null, "Steps"), timeline(t, highlights(mine)));
    steps.id = "timeline";
    add(view, el("div", "layout", side, steps));
  }

  function route() {
    var m = /^#trace\/(\d+)(?:\/(\d+))?$/.exec(location.hash);
    if (m) {
      overview.hidden = true;
      list.hidden = true;
      view.hidden = false;
      showTrace(Number(m[1]), m[2] === undefined ? null : Number(m[2]));
      window.scrollTo(0, 0);
    } else {
      view.hidden = true;
      clear(view);
      overview.hidden = false;
      list.hidden = false;
    }
  }

  if (bench) buildBenchList(); else buildAuditList();
  badRecords();
  hookOverviewFilters();
  refresh();
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset.scriptMs = String(Math.round(performance.now() - started));
  document.body.dataset.renderMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "1";
})();
