/* qbcore kernel-free explorer: sliders over a precomputed grid, drawn by plotly.js.
 *
 * window.qbExplorerData[n] is written by qbcore.web.static_explorers (see its
 * docstring for the layout).  mount(id, n) replaces the placeholder <div id>
 * with a heading, one control per explorer control (a range slider over the
 * grid values for numbers, a menu for choices), a message line and a plotly
 * figure.  Every change picks the grid point of the current control values,
 * writes the curve names from those values, fits the W axis to the data and
 * redraws with Plotly.react.  A curve that could not be computed at that
 * point is left out, and the message line says why.
 * MIT licence, part of qbcore.
 */
(function () {
  "use strict";

  /* A number as the page shows it: at most three decimals, no trailing zeros
   * (the grids hold no finer values, and Python's "{:g}" writes the same). */
  function fmt(v) {
    return typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v);
  }

  /* A curve name from its template: "{mu}" is replaced by the value of control mu. */
  function curveName(data, j, values) {
    var template = data.templates[j];
    if (template === null) return data.curves[j];
    return template.replace(/\{(\w+)\}/g, function (_, name) { return fmt(values[name]); });
  }

  /* The W axis: the data's range with a margin, at least minSpan wide, within bounds
   * (the same rule as qbcore.viz.style.w_limits). */
  function wLimits(rows, y) {
    var lo = Infinity, hi = -Infinity;
    rows.forEach(function (w) {
      if (!w) return;
      w.forEach(function (v) { if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    });
    if (lo > hi) return y.bounds.slice();
    if (hi - lo < y.min_span) {
      var mid = Math.min(Math.max(0.5 * (lo + hi), y.min_span / 2), 1 - y.min_span / 2);
      lo = mid - y.min_span / 2;
      hi = mid + y.min_span / 2;
    }
    var pad = y.margin * (hi - lo);
    return [Math.max(lo - pad, y.bounds[0]), Math.min(hi + pad, y.bounds[1])];
  }

  /* A curve from its text (qbcore.web.static_explorers.encode_curve: steps as base64 VLQ). */
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decodeCurve(text) {
    var values = [], value = 0, z = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      z += (digit & 31) * Math.pow(2, shift);
      shift += 5;
      if (digit & 32) continue;
      value += z % 2 ? -(z - 1) / 2 : z / 2;
      values.push(value);
      z = 0;
      shift = 0;
    }
    return values;
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function mount(id, number) {
    var root = document.getElementById(id);
    var data = (window.qbExplorerData || {})[number];
    if (!root || !data) {
      console.error("qbcore explorer: no element #" + id + " or no data for Fig. " + number);
      return;
    }
    root.innerHTML = "";
    root.classList.add("qb-explorer-ready");
    var heading = document.createElement("div");
    heading.className = "qb-explorer-title";
    heading.textContent = data.title;
    var form = document.createElement("div");
    form.className = "qb-explorer-controls";
    var message = document.createElement("div");
    message.className = "qb-explorer-message";
    message.setAttribute("role", "status");
    var plot = document.createElement("div");
    plot.className = "qb-explorer-plot";
    var inputs = [];

    data.controls.forEach(function (c) {
      var label = document.createElement("label");
      var name = document.createElement("span");
      name.textContent = c.label;
      label.appendChild(name);
      var input, shown = null;
      if (c.kind === "choice") {
        input = document.createElement("select");
        c.values.forEach(function (v, k) {
          var o = document.createElement("option");
          o.value = String(k);
          o.textContent = String(v);
          input.appendChild(o);
        });
        input.value = String(c["default"]);
      } else {
        input = document.createElement("input");
        input.type = "range";
        input.min = "0";
        input.max = String(c.values.length - 1);
        input.step = "1";
        input.value = String(c["default"]);
        shown = document.createElement("output");
        shown.className = "qb-explorer-value";
      }
      input.name = c.name;
      input.setAttribute("aria-label", c.label);
      input.dataset.control = c.name;
      label.appendChild(input);
      if (shown) label.appendChild(shown);
      form.appendChild(label);
      inputs.push({ input: input, shown: shown, control: c });
    });

    root.appendChild(heading);
    root.appendChild(form);
    root.appendChild(message);
    root.appendChild(plot);

    /* The grid point of the controls: its row-major index and the control values. */
    function current() {
      var index = 0, values = {};
      inputs.forEach(function (it) {
        var k = parseInt(it.input.value, 10);
        var v = it.control.values[k];
        values[it.control.name] = v;
        if (it.shown) it.shown.textContent = fmt(v);
        index = index * it.control.values.length + k;
      });
      return { index: index, values: values };
    }

    function why(index, names) {
      return (data.failures[String(index)] || []).map(function (f) {
        var reason = data.reasons[f[1]];
        return f[0] < 0 ? reason : names[f[0]] + ": not drawn. " + reason;
      }).join("\n");
    }

    function draw() {
      var at = current();
      var row = data.W[at.index];
      var names = data.curves.map(function (_, j) { return curveName(data, j, at.values); });
      var ys = data.curves.map(function (_, j) {
        return row && row[j] !== null
          ? decodeCurve(row[j]).map(function (w) { return w / data.scale; }) : null;
      });
      var traces = data.traces.map(function (t, j) {
        var copy = Object.assign({}, t);
        copy.name = names[j];
        copy.x = data.x.values;
        copy.y = ys[j] || data.x.values.map(function () { return null; });
        copy.hovertemplate = data.hover + "<extra>" + escapeHtml(names[j]) + "</extra>";
        return copy;
      });
      var layout = Object.assign({}, data.layout);
      layout.yaxis = Object.assign({}, data.layout.yaxis, { range: wLimits(ys, data.y) });
      message.textContent = why(at.index, names) || (row ? "" : "No data at this point.");
      plot.dataset.point = String(at.index);
      return window.Plotly.react(plot, traces, layout, { responsive: true, displaylogo: false });
    }

    inputs.forEach(function (it) {
      it.input.addEventListener("input", draw);
      it.input.addEventListener("change", draw);
    });
    draw();
  }

  window.qbExplorer = { mount: mount };
})();
