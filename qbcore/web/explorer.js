/* qbcore kernel-free explorer: sliders over a precomputed grid, drawn by plotly.js.
 *
 * window.qbExplorerData[n] is written by qbcore.web.static_explorers (see its
 * docstring for the layout).  mount(id, n) replaces the placeholder <div id>
 * with one control per explorer control (a range slider for numbers, a menu
 * for choices), a message line and a plotly figure; every change picks the
 * grid point of the current control values and redraws with Plotly.react.
 * MIT licence, part of qbcore.
 */
(function () {
  "use strict";

  function fmt(v) {
    return typeof v === "number" ? String(Math.round(v * 1000) / 1000) : String(v);
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
    var form = document.createElement("div");
    form.className = "qb-explorer-controls";
    form.style.cssText = "display:flex;flex-wrap:wrap;gap:0.4em 1.4em;margin:0.5em 0;font-size:0.9em";
    var message = document.createElement("div");
    message.className = "qb-explorer-message";
    message.style.cssText = "color:#b00;min-height:1.3em;font-size:0.9em";
    var plot = document.createElement("div");
    plot.className = "qb-explorer-plot";
    plot.style.cssText = "width:100%;min-height:420px";
    var inputs = [];

    data.controls.forEach(function (c) {
      var label = document.createElement("label");
      label.style.cssText = "display:flex;align-items:center;gap:0.4em";
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
        input.style.width = "7em";
        shown = document.createElement("output");
        shown.style.cssText = "min-width:2.5em;font-variant-numeric:tabular-nums";
      }
      input.name = c.name;
      input.setAttribute("aria-label", c.label);
      input.dataset.control = c.name;
      label.appendChild(input);
      if (shown) label.appendChild(shown);
      form.appendChild(label);
      inputs.push({ input: input, shown: shown, control: c });
    });

    root.appendChild(form);
    root.appendChild(message);
    root.appendChild(plot);

    function current() {
      var index = 0;
      inputs.forEach(function (it) {
        var k = parseInt(it.input.value, 10);
        if (it.shown) it.shown.textContent = fmt(it.control.values[k]);
        index = index * it.control.values.length + k;
      });
      return index;
    }

    function draw() {
      var index = current();
      var row = data.W[index];
      var traces = data.traces.map(function (t, j) {
        var copy = Object.assign({}, t);
        copy.x = data.x.values;
        copy.y = row ? row[j].map(function (w) { return w / data.scale; })
                     : data.x.values.map(function () { return null; });
        return copy;
      });
      message.textContent = row ? "" : (data.messages[String(index)] || "No data at this point.");
      plot.dataset.point = String(index);
      return window.Plotly.react(plot, traces, data.layout, { responsive: true, displaylogo: false });
    }

    inputs.forEach(function (it) {
      it.input.addEventListener("input", draw);
      it.input.addEventListener("change", draw);
    });
    draw();
  }

  window.qbExplorer = { mount: mount };
})();
