// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // "/" focuses the search box, as on many sites; Escape leaves it.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    if (!box) return;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === "Escape" && document.activeElement === box) {
      box.blur();
    }
  });

  // The search filters start open beside the results on wide screens, folded under them on phones.
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details.filter-box").forEach(function (d) { d.open = true; });
  }

  // Sortable tables: each column heading of a table.sortable becomes a button; aria-sort says the order.
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    return raw;
  }
  function asNumber(text) {
    if (text === "" || /^unknown/i.test(text)) return null;
    var m = text.replace(/[,$\s]/g, "").match(/^-?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : NaN;
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = rows.every(function (r) { var n = asNumber(cellValue(r, index)); return n === null || !isNaN(n); });
    rows.sort(function (x, y) {
      var a = cellValue(x, index), b = cellValue(y, index);
      if (numeric) {
        var na = asNumber(a), nb = asNumber(b);
        if (na === null && nb === null) return 0;
        if (na === null) return 1;  // unknown values stay last in either order
        if (nb === null) return -1;
        return ascending ? na - nb : nb - na;
      }
      var c = a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      if (th.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Sort by " + th.textContent.trim());
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
    // A filter box above the table hides rows whose text does not contain every typed word.
    var label = table.getAttribute("data-filter");
    if (!label || !table.id) return;
    var wrap = document.createElement("div");
    wrap.className = "table-filter";
    var id = table.id + "-filter";
    wrap.innerHTML = '<label></label><input type="search" autocomplete="off">';
    wrap.firstChild.setAttribute("for", id);
    wrap.firstChild.textContent = label;
    wrap.lastChild.id = id;
    var count = document.createElement("span");
    count.className = "muted";
    count.setAttribute("aria-live", "polite");
    wrap.appendChild(count);
    var host = table.closest(".scroll") || table;
    host.parentNode.insertBefore(wrap, host);
    wrap.lastChild.previousSibling.addEventListener("input", function (event) {
      var words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (r) {
        var text = r.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " rows" : "";
    });
  });

  // Copy buttons: a button.copy-btn copies the text of the element its data-copy names.
  document.querySelectorAll("button.copy-btn").forEach(function (button) {
    button.hidden = !navigator.clipboard;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target || !navigator.clipboard) return;
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        var old = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = old; }, 1500);
      });
    });
  });
})();
