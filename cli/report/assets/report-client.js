// Draws the report's panels with uPlot. Inlined into report.html after uPlot itself; reads the
// panel data (already resolved by cli/report/layout.ts) from <script id="report-data">.
// Plain browser JS on purpose: it runs as-is, offline, in any browser.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var x0 = data.xRange[0];
  var xSpan = Math.max(1, data.xRange[1] - x0);

  // Services and HPAs share hues, so a service's latency, rate and replicas read as one story.
  var HUES = { 'aurora-server': '#2563eb', chatbot: '#7c3aed', celery: '#ea580c', untagged: '#64748b', postgres: '#0d9488', redis: '#dc2626', limit: '#9ca3af' };
  var PALETTE = ['#0891b2', '#db2777', '#65a30d', '#ca8a04', '#4f46e5', '#0d9488'];
  var extra = {};
  function colorFor(key) {
    if (HUES[key]) return HUES[key];
    if (/chat/.test(key)) return HUES.chatbot;
    if (/celery|worker/.test(key)) return HUES.celery;
    if (/server|api/.test(key)) return HUES['aurora-server'];
    if (!extra[key]) extra[key] = PALETTE[Object.keys(extra).length % PALETTE.length];
    return extra[key];
  }

  function trimNum(v, digits) {
    var s = v.toFixed(digits);
    return s.indexOf('.') >= 0 ? s.replace(/\.?0+$/, '') : s;
  }
  function fmt(v, unit) {
    if (v == null || isNaN(v)) return '–';
    switch (unit) {
      case 'ms': return v >= 1000 ? trimNum(v / 1000, 2) + ' s' : trimNum(v, v < 10 ? 2 : v < 100 ? 1 : 0) + ' ms';
      case 's': return v >= 120 ? Math.floor(v / 60) + 'm' + String(Math.round(v % 60)).padStart(2, '0') + 's' : trimNum(v, v < 10 ? 2 : 1) + ' s';
      case 'req/s': return trimNum(v, v < 10 ? 2 : 1) + '/s';
      case '%': return trimNum(v, v < 1 ? 2 : 1) + '%';
      case 'MiB': return trimNum(v, v < 10 ? 1 : 0) + ' MiB';
      default: return trimNum(v, 0);
    }
  }
  function elapsed(sec) {
    var s = Math.round(sec);
    var sign = s < 0 ? '-' : '+';
    s = Math.abs(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return sign + (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(r).padStart(2, '0');
  }
  // The legend names the hovered bucket's middle: keep tenths on short runs so +0:06.5 is not +0:07.
  function elapsedExact(sec) {
    if (xSpan >= 600) return elapsed(sec);
    var m = Math.floor(Math.abs(sec) / 60), r = Math.abs(sec) - m * 60;
    return (sec < 0 ? '-' : '+') + m + ':' + (r < 10 ? '0' : '') + r.toFixed(1);
  }
  function clock(sec) {
    return new Date((x0 + sec) * 1000).toISOString().slice(11, 19) + ' UTC';
  }

  // Stage labels never overlap: a label that would touch the one before it (or "load stopped")
  // drops to a second row; when that is taken too, it is left out (its band and line still show).
  var LABEL_ROWS = 2;
  function placeStageLabels(u, ctx, reserved) {
    var gap = 6 * devicePixelRatio;
    var rowEnd = [];
    for (var r = 0; r < LABEL_ROWS; r++) rowEnd.push(-Infinity);
    var placed = [];
    data.stages.forEach(function (s) {
      var text = 'stage ' + s.index;
      var x = u.valToPos(s.start - x0, 'x', true) + 4 * devicePixelRatio;
      var w = ctx.measureText(text).width;
      for (var row = 0; row < LABEL_ROWS; row++) {
        var hitsReserved = reserved && reserved.row === row && x < reserved.x + reserved.w + gap && x + w + gap > reserved.x;
        if (x >= rowEnd[row] + gap && !hitsReserved) {
          rowEnd[row] = x + w;
          placed.push({ text: text, x: x, w: w, row: row });
          return;
        }
      }
    });
    return placed;
  }

  // Load stages shaded (alternating) and labelled, and a line where load stopped.
  function stagesPlugin() {
    return {
      hooks: {
        drawClear: function (u) {
          var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
          ctx.save();
          data.stages.forEach(function (s, i) {
            var a = u.valToPos(s.start - x0, 'x', true), b = u.valToPos(s.end - x0, 'x', true);
            if (i % 2 === 0) { ctx.fillStyle = 'rgba(37, 99, 235, 0.06)'; ctx.fillRect(a, top, b - a, height); }
            ctx.strokeStyle = 'rgba(37, 99, 235, 0.35)';
            ctx.lineWidth = 1;
            ctx.setLineDash([3, 3]);
            ctx.beginPath(); ctx.moveTo(Math.round(a) + 0.5, top); ctx.lineTo(Math.round(a) + 0.5, top + height); ctx.stroke();
          });
          ctx.restore();
        },
        draw: function (u) {
          var ctx = u.ctx, top = u.bbox.top, dpr = devicePixelRatio;
          ctx.save();
          ctx.font = (10 * dpr) + 'px system-ui, sans-serif';
          ctx.textBaseline = 'top';
          ctx.textAlign = 'left'; // uPlot leaves its axes' alignment on the context
          var loadStop = null;
          if (data.loadEnd != null) {
            var x = Math.round(u.valToPos(data.loadEnd - x0, 'x', true)) + 0.5;
            var w = ctx.measureText('load stopped').width;
            loadStop = { text: 'load stopped', x: x - 4 * dpr - w, y: top + 3 * dpr, w: w, row: 0 };
            ctx.strokeStyle = 'rgba(185, 28, 28, 0.55)';
            ctx.setLineDash([5, 4]);
            ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + u.bbox.height); ctx.stroke();
            ctx.fillStyle = 'rgba(185, 28, 28, 0.8)';
            ctx.fillText(loadStop.text, loadStop.x, loadStop.y);
          }
          var labels = placeStageLabels(u, ctx, loadStop);
          ctx.fillStyle = 'rgba(37, 99, 235, 0.8)';
          labels.forEach(function (l) { l.y = top + (3 + 12 * l.row) * dpr; ctx.fillText(l.text, l.x, l.y); });
          u.__labels = loadStop ? labels.concat([loadStop]) : labels;
          ctx.restore();
        },
      },
    };
  }

  var STYLE = {
    solid: { width: 2, dash: undefined, alpha: 1 },
    thin: { width: 1.25, dash: undefined, alpha: 0.7 },
    dashed: { width: 1.5, dash: [6, 4], alpha: 1 },
  };
  function withAlpha(hex, alpha) {
    if (alpha >= 1) return hex;
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  var syncKey = uPlot.sync('aurora-report').key;
  var plots = [];
  var stepped = uPlot.paths.stepped({ align: 1 });

  function chartWidth(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width));
  }

  data.panels.forEach(function (panel) {
    var el = document.querySelector('[data-panel="' + panel.id + '"] .chart');
    if (!el || panel.empty) return;
    var unit = panel.unit;
    var series = [{ label: 'at', value: function (u, v) { return v == null ? '–' : elapsedExact(v) + ' (' + clock(v) + ')'; } }];
    panel.series.forEach(function (s) {
      var st = STYLE[s.style] || STYLE.solid;
      series.push({
        label: s.label,
        stroke: withAlpha(colorFor(s.colorKey), st.alpha),
        width: st.width,
        dash: st.dash,
        paths: s.step ? stepped : undefined,
        points: { show: false },
        spanGaps: false,
        value: function (u, v) { return fmt(v, unit); },
      });
    });
    var opts = {
      width: chartWidth(el),
      height: 190,
      cursor: { sync: { key: syncKey }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: { time: false, range: function () { return [0, xSpan]; } },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.12 : 1]; } },
      },
      axes: [
        {
          stroke: '#5b6576', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e3e6eb' },
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
          values: function (u, splits) { return splits.map(elapsed); },
        },
        {
          stroke: '#5b6576', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e3e6eb' }, size: 64,
          incrs: unit === 'replicas' ? [1, 2, 5, 10, 20, 50] : undefined,
          values: function (u, splits) { return splits.map(function (v) { return fmt(v, unit); }); },
        },
      ],
      series: series,
      plugins: [stagesPlugin()],
    };
    var x = panel.x.map(function (v) { return v - x0; });
    var u = new uPlot(opts, [x].concat(panel.series.map(function (s) { return s.values; })), el);
    u.__panel = panel.id;
    plots.push(u);
  });

  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (u) { u.setSize({ width: chartWidth(u.root.parentElement), height: 190 }); });
    });
  });

  // For the browser test and for anyone poking at the page from the console.
  window.__report = {
    // The text drawn over each chart (stage labels and "load stopped"), in canvas pixels, as last drawn.
    labels: function () {
      return plots.map(function (u) { return { id: u.__panel, labels: u.__labels || [] }; });
    },
    drawn: plots.map(function (u) {
      var points = 0;
      for (var i = 1; i < u.data.length; i++) u.data[i].forEach(function (v) { if (v != null) points++; });
      return { id: u.__panel, series: u.data.length - 1, points: points };
    }),
  };
})();
