// The review page: rows of sentence units, edits that keep the document order, undo / redo, decisions
// on findings, comments, and the saved state (a download, and localStorage while the page is open).
// Plain ES2017, no library: the page must work opened from disk with no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-state").textContent);
  var SIDES = { src: data.source, tgt: data.target };
  var STORE_KEY = "align-review:" + data.signature;
  var body = document.getElementById("rows");
  var statusLine = document.getElementById("status");
  var uid = 0;

  // ------------------------------------------------------------------------------------- the model
  // A row is {src: [unit indices], tgt: [...], score, wrong, comment, id}; row objects never change,
  // an edit replaces rows (one splice), so undo puts the old objects back.

  function makeRow(src, tgt, score, wrong, comment) {
    return Object.freeze({ src: src, tgt: tgt, score: score, wrong: !!wrong, comment: comment || "", id: ++uid });
  }
  function fromSaved(r) { return makeRow(r.src.slice(), r.tgt.slice(), r.score, r.wrong, r.comment); }

  var rows = data.rows.map(fromSaved);
  var decisions = data.findings.map(function (f) { return f.decision || null; });
  var undoStack = [], redoStack = [];
  var cur = 0;               // the current row
  var sel = null;            // the selected sentence: {side: "src" | "tgt", i: unit index}

  // which findings touch each unit
  var unitFindings = { src: {}, tgt: {} };
  data.findings.forEach(function (f, k) {
    var side = f.side === "source" ? "src" : "tgt";
    f.units.forEach(function (i) { (unitFindings[side][i] = unitFindings[side][i] || []).push(k); });
  });

  function rowFindings(r) {
    var out = [];
    ["src", "tgt"].forEach(function (side) {
      r[side].forEach(function (i) {
        (unitFindings[side][i] || []).forEach(function (k) { if (out.indexOf(k) < 0) out.push(k); });
      });
    });
    return out;
  }

  function monotone(list) {
    // every unit of each side once, in order, and no empty row: what every edit must keep
    return ["src", "tgt"].every(function (side) {
      var next = 0;
      var ok = list.every(function (r) {
        return r[side].every(function (i) { return i === next++; });
      });
      return ok && next === SIDES[side].units.length;
    }) && list.every(function (r) { return r.src.length + r.tgt.length > 0; });
  }

  // ------------------------------------------------------------------------------------- rendering

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function span(side, idx) {
    if (!idx.length) return null;
    var u = SIDES[side].units;
    return [u[idx[0]].lines[0], u[idx[idx.length - 1]].lines[1]];
  }

  function linesCell(side, idx) {
    var s = span(side, idx);
    if (!s) return '<div class="ln" role="gridcell"></div>';
    var label = s[0] === s[1] ? "L" + s[0] : "L" + s[0] + "\u2013" + s[1];
    var href = SIDES[side].href;
    var inner = href ? '<a href="' + esc(href) + "#L" + s[0] + '">' + label + "</a>" : label;
    return '<div class="ln" role="gridcell">' + inner + "</div>";
  }

  function unitClass(side, i) {
    var cls = "u";
    (unitFindings[side][i] || []).forEach(function (k) {
      cls += " f-" + data.findings[k].kind + (decisions[k] ? " " + decisions[k] : " open");
    });
    if (SIDES[side].units[i].furniture) cls += " furniture";
    return cls;
  }

  function textCell(side, r) {
    var doc = SIDES[side];
    var attrs = ' class="text ' + side + '" role="gridcell" dir="' + doc.dir + '" lang="' + esc(doc.lang) + '"';
    if (!r[side].length) return "<div" + attrs + '><span class="gap" dir="ltr" lang="en">\u2014 no counterpart \u2014</span></div>';
    var out = [], par = null;
    r[side].forEach(function (i) {
      var u = doc.units[i];
      if (u.par !== par) {
        if (par !== null) out.push("</p>");
        out.push("<p>");
        par = u.par;
      }
      var mine = sel && sel.side === side && sel.i === i ? " sel" : "";
      out.push('<span class="' + unitClass(side, i) + mine + '" data-side="' + side + '" data-i="' + i + '" id="' +
               side + "-" + i + '">' + esc(u.text) + "</span> ");
    });
    out.push("</p>");
    if (side === "src" && r.comment) out.push('<div class="comment" dir="auto">' + esc(r.comment) + "</div>");
    return "<div" + attrs + ">" + out.join("") + "</div>";
  }

  function midCell(r, k) {
    var score = r.score === null ? "edited" : r.score.toFixed(2);
    var level = r.score === null ? "edited" : r.score >= 0.7 ? "good" : r.score >= 0.5 ? "fair" : "poor";
    var what = r.src.length + "\u2013" + r.tgt.length;
    var chips = rowFindings(r).map(function (k) {
      var f = data.findings[k], d = decisions[k];
      return '<span class="chip ' + f.kind + (d ? " " + d : "") + '" title="' + esc(f.kind + " \u00b7 confidence " +
             f.confidence.toFixed(2) + (d ? " \u00b7 " + d : " \u00b7 open")) + '">' + esc(f.kind) +
             (d ? " \u00b7 " + d : "") + "</span>";
    }).join("");
    return '<div class="mid" role="gridcell"><span class="no">#' + (k + 1) + "</span>" +
           '<span class="score ' + level + '">' + score + "</span>" +
           '<span class="what">' + what + (r.wrong ? ' <b class="wrongmark">wrong</b>' : "") + "</span>" + chips + "</div>";
  }

  function rowHtml(r, k) {
    var cls = ["row"];
    if (r.wrong) cls.push("wrong");
    if (r.score === null) cls.push("edited");
    if (!r.src.length) cls.push("tgt-only");
    if (!r.tgt.length) cls.push("src-only");
    if (rowFindings(r).some(function (f) { return !decisions[f]; })) cls.push("has-open");
    if (k === cur) cls.push("cur");
    return '<div id="row-' + r.id + '" role="row" class="' + cls.join(" ") + '" aria-selected="' + (k === cur) + '">' +
           linesCell("src", r.src) + textCell("src", r) + midCell(r, k) + textCell("tgt", r) + linesCell("tgt", r.tgt) + "</div>";
  }

  var tpl = document.createElement("template");
  function rowNodes(list, start) {
    tpl.innerHTML = list.map(function (r, k) { return rowHtml(r, start + k); }).join("");
    return tpl.content;
  }

  function renderAll() {
    body.textContent = "";
    body.appendChild(rowNodes(rows, 0));
  }

  function rerender(start, count, added) {
    // replace the `count` row elements from `start` by those of `added` (the DOM follows the splice)
    for (var n = 0; n < count; n++) body.removeChild(body.children[start]);
    body.insertBefore(rowNodes(added, start), body.children[start] || null);
    if (added.length !== count) renumber(start + added.length);
  }

  function renumber(from) {
    // the rows after a splice that changed their count move up or down: their numbers follow
    // (numbers are text, not a CSS counter: a counter makes every scroll frame count the rows again)
    var all = body.children;
    for (var k = from; k < all.length; k++) all[k].querySelector(".no").textContent = "#" + (k + 1);
  }

  function refreshRow(k) { if (k >= 0 && k < rows.length) rerender(k, 1, [rows[k]]); }

  function updateCounts() {
    var n = { open: 0, dismissed: 0, confirmed: 0 };
    decisions.forEach(function (d) { n[d || "open"]++; });
    document.getElementById("n-open").textContent = n.open;
    document.getElementById("n-dismissed").textContent = n.dismissed;
    document.getElementById("n-confirmed").textContent = n.confirmed;
    document.getElementById("n-rows").textContent = rows.length;
    document.getElementById("undo").disabled = !undoStack.length;
    document.getElementById("redo").disabled = !redoStack.length;
  }

  function say(msg) { statusLine.textContent = msg; }

  // ------------------------------------------------------------------------------ the cursor

  function rowUnits(r) {
    return r.src.map(function (i) { return { side: "src", i: i }; })
      .concat(r.tgt.map(function (i) { return { side: "tgt", i: i }; }));
  }

  function setCursor(k, unit, noScroll) {
    var old = cur;
    cur = Math.max(0, Math.min(rows.length - 1, k));
    var units = rowUnits(rows[cur]);
    var keep = unit && units.some(function (u) { return u.side === unit.side && u.i === unit.i; });
    sel = keep ? unit : units[0];
    if (old !== cur) refreshRow(old);
    refreshRow(cur);
    var tr = body.children[cur];
    body.parentNode.setAttribute("aria-activedescendant", tr.id);
    if (!noScroll) tr.scrollIntoView({ block: "nearest" });
  }

  function moveSelection(step) {
    var units = rowUnits(rows[cur]);
    var at = units.findIndex(function (u) { return u.side === sel.side && u.i === sel.i; });
    var next = at + step;
    if (next < 0 || next >= units.length) {  // past the row's last sentence: the next row
      var k = cur + (step > 0 ? 1 : -1);
      if (k < 0 || k >= rows.length) return;
      var nu = rowUnits(rows[k]);
      setCursor(k, step > 0 ? nu[0] : nu[nu.length - 1]);
      return;
    }
    setCursor(cur, units[next]);
  }

  function nextOpen(step) {
    for (var k = cur + step; k >= 0 && k < rows.length; k += step) {
      if (rowFindings(rows[k]).some(function (f) { return !decisions[f]; })) { setCursor(k); return; }
    }
    say("no row with an open finding " + (step > 0 ? "below" : "above"));
  }

  // ------------------------------------------------------------------------------- operations
  // {kind: "rows", start, removed, added, label} or {kind: "decide", ids, before, after, label}

  function doOp(op) {
    if (op.kind === "rows") {
      sel = null;  // the rows are drawn again: no sentence of them stays marked selected
      Array.prototype.splice.apply(rows, [op.start, op.removed.length].concat(op.added));
      rerender(op.start, op.removed.length, op.added);
      setCursor(op.cursor !== undefined ? op.cursor : op.start);
    } else {
      op.ids.forEach(function (k, n) { decisions[k] = op.after[n]; });
      for (var k = 0; k < rows.length; k++) {
        var fs = rowFindings(rows[k]);
        if (op.ids.some(function (id) { return fs.indexOf(id) >= 0; })) refreshRow(k);
      }
    }
  }

  function inverse(op) {
    if (op.kind === "rows") {
      return { kind: "rows", start: op.start, removed: op.added, added: op.removed, label: op.label, cursor: op.start };
    }
    return { kind: "decide", ids: op.ids, before: op.after, after: op.before, label: op.label };
  }

  function commit(op) {
    if (op.kind === "rows") {
      var after = rows.slice(0, op.start).concat(op.added, rows.slice(op.start + op.removed.length));
      if (!monotone(after)) { say("refused: " + op.label + " would break the document order"); return; }
    }
    doOp(op);
    undoStack.push(op);
    redoStack.length = 0;
    persist();
    updateCounts();
    say(op.label);
  }

  function undo() {
    var op = undoStack.pop();
    if (!op) { say("nothing to undo"); return; }
    doOp(inverse(op));
    redoStack.push(op);
    persist();
    updateCounts();
    say("undone: " + op.label);
  }

  function redo() {
    var op = redoStack.pop();
    if (!op) { say("nothing to redo"); return; }
    doOp(op);
    undoStack.push(op);
    persist();
    updateCounts();
    say("redone: " + op.label);
  }

  function replaceRows(start, removed, added, label, cursor) {
    commit({ kind: "rows", start: start, removed: rows.slice(start, start + removed), added: added.filter(function (r) {
      return r.src.length + r.tgt.length > 0;
    }), label: label, cursor: cursor });
  }

  function withSide(r, side, units) {
    var src = side === "src" ? units : r.src, tgt = side === "tgt" ? units : r.tgt;
    return makeRow(src, tgt, null, r.wrong && src.length > 0 && tgt.length > 0, r.comment);
  }

  // ------------------------------------------------------------------------------------ edits

  function merge() {
    if (cur + 1 >= rows.length) { say("no next row to merge with"); return; }
    var a = rows[cur], b = rows[cur + 1];
    var comment = [a.comment, b.comment].filter(Boolean).join(" / ");
    replaceRows(cur, 2, [makeRow(a.src.concat(b.src), a.tgt.concat(b.tgt), null, a.wrong || b.wrong, comment)],
                "merged rows " + (cur + 1) + " and " + (cur + 2));
  }

  function split() {
    // before the selected sentence on its side (after it when it is the side's first), the other side
    // cut at the same proportion
    var r = rows[cur], side = sel.side, other = side === "src" ? "tgt" : "src";
    var mine = r[side], theirs = r[other];
    var at = mine.indexOf(sel.i);
    if (at === 0) at = 1;
    var cut = Math.round(theirs.length * at / mine.length);
    var first = {}, second = {};
    first[side] = mine.slice(0, at); second[side] = mine.slice(at);
    first[other] = theirs.slice(0, cut); second[other] = theirs.slice(cut);
    if (!first.src.length && !first.tgt.length || !second.src.length && !second.tgt.length) {
      say("nothing to split: the row has one sentence on each side (select a sentence of a row with more)");
      return;
    }
    replaceRows(cur, 1, [makeRow(first.src, first.tgt, null, false, r.comment), makeRow(second.src, second.tgt, null, false, "")],
                "split row " + (cur + 1));
  }

  function moveUnit(dir) {
    // the first sentence of the selected side to the row above (dir -1), or its last to the row below
    var side = sel ? sel.side : "src", r = rows[cur], units = r[side];
    if (!units.length) { say("this side of the row is empty"); return; }
    var unit = dir < 0 ? units[0] : units[units.length - 1];
    var rest = withSide(r, side, dir < 0 ? units.slice(1) : units.slice(0, -1));
    var name = side === "src" ? "source" : "target";
    var k = cur + dir, label = "moved the " + (dir < 0 ? "first " : "last ") + name + " sentence of row " + (cur + 1) +
        (dir < 0 ? " up" : " down");
    var target, start, added;
    if (k < 0 || k >= rows.length) {  // no row there: the sentence makes one of its own
      target = withSide(makeRow([], [], null, false, ""), side, [unit]);
      start = cur;
    } else {
      target = withSide(rows[k], side, dir < 0 ? rows[k][side].concat([unit]) : [unit].concat(rows[k][side]));
      start = Math.min(cur, k);
    }
    added = (dir < 0 ? [target, rest] : [rest, target]).filter(function (x) { return x.src.length + x.tgt.length; });
    // the cursor stays on the row the sentence left (the next press moves its next sentence)
    var at = added.indexOf(rest);
    replaceRows(start, k < 0 || k >= rows.length ? 1 : 2, added, label, start + (at >= 0 ? at : 0));
    var now = rows[cur][side];
    if (now.length) setCursor(cur, { side: side, i: dir < 0 ? now[0] : now[now.length - 1] }, true);
  }

  function toggleWrong() {
    var r = rows[cur];
    if (!r.src.length || !r.tgt.length) { say("only a pair (a row with both sides) can be marked wrong"); return; }
    replaceRows(cur, 1, [makeRow(r.src, r.tgt, r.score, !r.wrong, r.comment)],
                (r.wrong ? "unmarked" : "marked") + " row " + (cur + 1) + " as a wrong pair", cur);
  }

  function decide(value) {
    // the findings of the selected sentence, else all of the row's
    var ids = sel ? (unitFindings[sel.side][sel.i] || []) : [];
    if (!ids.length) ids = rowFindings(rows[cur]);
    if (!ids.length) { say("no finding in this row"); return; }
    var same = ids.every(function (k) { return decisions[k] === value; });
    var after = ids.map(function () { return same ? null : value; });
    commit({ kind: "decide", ids: ids, before: ids.map(function (k) { return decisions[k]; }), after: after,
             label: (same ? "reopened " : value + " ") + ids.length + " finding" + (ids.length > 1 ? "s" : "") +
                    " in row " + (cur + 1) });
  }

  var box = document.getElementById("comment-box"), boxText = document.getElementById("comment-text");
  function openComment() {
    boxText.value = rows[cur].comment;
    box.hidden = false;
    document.getElementById("comment-row").textContent = cur + 1;
    boxText.focus();
  }
  function closeComment(save) {
    box.hidden = true;
    var r = rows[cur], text = boxText.value.trim();
    body.parentNode.focus();
    if (save && text !== r.comment) {
      replaceRows(cur, 1, [makeRow(r.src, r.tgt, r.score, r.wrong, text)], (text ? "commented" : "removed the comment of") +
                  " row " + (cur + 1), cur);
    }
  }

  // ------------------------------------------------------------------------------- saving

  function state() {
    var out = JSON.parse(JSON.stringify(data));
    delete out.source.href; delete out.source.dir; delete out.target.href; delete out.target.dir; delete out.save_name;
    out.rows = rows.map(function (r) { return { src: r.src, tgt: r.tgt, score: r.score, wrong: r.wrong, comment: r.comment }; });
    out.findings.forEach(function (f, k) { f.decision = decisions[k]; });
    out.saved = new Date().toISOString();
    return out;
  }

  function persist() {
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ rows: rows.map(function (r) {
        return { src: r.src, tgt: r.tgt, score: r.score, wrong: r.wrong, comment: r.comment };
      }), decisions: decisions }));
    } catch (e) { /* private mode or storage full: the download still works */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || !Array.isArray(saved.rows) || !Array.isArray(saved.decisions) ||
        saved.decisions.length !== decisions.length) return false;
    var list = saved.rows.map(fromSaved);
    if (!monotone(list)) return false;
    rows = list;
    decisions = saved.decisions.map(function (d) { return d === "dismissed" || d === "confirmed" ? d : null; });
    return true;
  }

  function download() {
    var blob = new Blob([JSON.stringify(state(), null, 1) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = data.save_name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    say("saved " + data.save_name + " (run: align apply " + data.save_name + " -o corrected.tmx)");
  }

  // ------------------------------------------------------------------------------- keys

  var KEYS = {
    ArrowDown: function () { setCursor(cur + 1); }, j: function () { setCursor(cur + 1); },
    ArrowUp: function () { setCursor(cur - 1); }, k: function () { setCursor(cur - 1); },
    ArrowRight: function () { moveSelection(1); }, l: function () { moveSelection(1); },
    ArrowLeft: function () { moveSelection(-1); }, h: function () { moveSelection(-1); },
    Home: function () { setCursor(0); }, End: function () { setCursor(rows.length - 1); },
    n: function () { nextOpen(1); }, p: function () { nextOpen(-1); },
    m: merge, s: split, x: toggleWrong, d: function () { decide("dismissed"); },
    c: function () { decide("confirmed"); }, e: openComment, "?": function () { toggleHelp(); },
    "Shift+ArrowUp": function () { moveUnit(-1); }, "Shift+ArrowDown": function () { moveUnit(1); },
    "Ctrl+z": undo, "Ctrl+Shift+z": redo, "Ctrl+y": redo, "Ctrl+s": download, u: undo, r: redo
  };

  function keyName(ev) {
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    var ctrl = ev.ctrlKey || ev.metaKey;
    if (ev.key === "?") return "?";
    return (ctrl ? "Ctrl+" : "") + (ev.shiftKey && (ctrl || key.length > 1) ? "Shift+" : "") + key;
  }

  document.addEventListener("keydown", function (ev) {
    if (!box.hidden) {
      if (ev.key === "Escape") { ev.preventDefault(); closeComment(false); }
      else if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); closeComment(true); }
      return;
    }
    if (ev.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    var f = KEYS[keyName(ev)];
    if (!f) return;
    ev.preventDefault();
    f();
  });

  body.addEventListener("click", function (ev) {
    var tr = ev.target.closest(".row");
    if (!tr || ev.target.closest("a")) return;
    var k = Array.prototype.indexOf.call(body.children, tr);
    var u = ev.target.closest(".u");
    setCursor(k, u ? { side: u.dataset.side, i: +u.dataset.i } : null, true);
  });

  function toggleHelp() { var h = document.getElementById("keys"); h.open = !h.open; }

  var buttons = { merge: merge, split: split, "move-up": function () { moveUnit(-1); },
                  "move-down": function () { moveUnit(1); }, wrong: toggleWrong,
                  dismiss: function () { decide("dismissed"); }, confirm: function () { decide("confirmed"); },
                  comment: openComment, undo: undo, redo: redo, save: download,
                  "comment-save": function () { closeComment(true); }, "comment-cancel": function () { closeComment(false); },
                  forget: function () { try { localStorage.removeItem(STORE_KEY); } catch (e) { /* nothing kept */ } location.reload(); } };
  Object.keys(buttons).forEach(function (id) {
    document.getElementById(id).addEventListener("click", function () { buttons[id](); });
  });

  // ------------------------------------------------------------------------------- start

  var restored = restore();
  renderAll();
  setCursor(0, null, true);
  updateCounts();
  if (restored) {
    document.getElementById("restored").hidden = false;
    say("restored the edits kept in this browser for these texts");
  }
  body.parentNode.focus();
  window.alignReview = { state: state, rows: function () { return rows; }, cursor: function () { return cur; },
                         ready: true, readyMs: performance.now() };
})();
