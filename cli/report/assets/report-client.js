// Draws the report's panels with uPlot. Inlined into report.html after uPlot itself; reads the
// panel data (already resolved by cli/report/charts/layout.ts) from <script id="report-data">.
// Plain browser JS on purpose: it runs as-is, offline, in any browser.
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const x0 = data.xRange[0];
  const xSpan = Math.max(1, data.xRange[1] - x0);

  function trimNum(v, digits) {
    const s = v.toFixed(digits);
    return s.indexOf('.') >= 0 ? s.replace(/\.?0+$/, '') : s;
  }
  function fmt(v, unit) {
    if (v == null || Number.isNaN(v)) return '–';
    switch (unit) {
      case 'ms':
        return v >= 1000 ? `${trimNum(v / 1000, 2)} s` : `${trimNum(v, v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
      case 's':
        return v >= 120
          ? `${Math.floor(v / 60)}m${String(Math.round(v % 60)).padStart(2, '0')}s`
          : `${trimNum(v, v < 10 ? 2 : 1)} s`;
      case 'req/s':
        return `${trimNum(v, v < 10 ? 2 : 1)}/s`;
      case '%':
        return `${trimNum(v, v < 1 ? 2 : 1)}%`;
      case 'MiB':
        return `${trimNum(v, v < 10 ? 1 : 0)} MiB`;
      case 'USD':
        return `$${v.toFixed(v < 1 ? 4 : 2)}`;
      default:
        return trimNum(v, 0);
    }
  }
  function elapsed(sec) {
    let s = Math.round(sec);
    const sign = s < 0 ? '-' : '+';
    s = Math.abs(s);
    const h = Math.floor(s / 3600),
      m = Math.floor((s % 3600) / 60),
      r = s % 60;
    return `${sign + (h ? `${h}:${String(m).padStart(2, '0')}` : m)}:${String(r).padStart(2, '0')}`;
  }
  // The legend names the hovered bucket's middle: keep tenths on short runs so +0:06.5 is not +0:07.
  function elapsedExact(sec) {
    if (xSpan >= 600) return elapsed(sec);
    const m = Math.floor(Math.abs(sec) / 60),
      r = Math.abs(sec) - m * 60;
    return `${(sec < 0 ? '-' : '+') + m}:${r < 10 ? '0' : ''}${r.toFixed(1)}`;
  }
  function clock(sec) {
    return `${new Date((x0 + sec) * 1000).toISOString().slice(11, 19)} UTC`;
  }

  // Stage labels never overlap: a label that would touch the one before it (or "load stopped")
  // drops to a second row; when that is taken too, it is left out (its band and line still show).
  const LABEL_ROWS = 2;
  function placeStageLabels(u, ctx, reserved) {
    const gap = 6 * devicePixelRatio;
    const rowEnd = [];
    for (let r = 0; r < LABEL_ROWS; r++) rowEnd.push(-Infinity);
    const placed = [];
    data.stages.forEach((s) => {
      const text = s.name;
      const x = u.valToPos(s.start - x0, 'x', true) + 4 * devicePixelRatio;
      const w = ctx.measureText(text).width;
      for (let row = 0; row < LABEL_ROWS; row++) {
        const hitsReserved =
          reserved && reserved.row === row && x < reserved.x + reserved.w + gap && x + w + gap > reserved.x;
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
        drawClear: (u) => {
          const ctx = u.ctx,
            top = u.bbox.top,
            height = u.bbox.height;
          ctx.save();
          data.stages.forEach((s, i) => {
            const a = u.valToPos(s.start - x0, 'x', true),
              b = u.valToPos(s.end - x0, 'x', true);
            if (i % 2 === 0) {
              ctx.fillStyle = 'rgba(37, 99, 235, 0.06)';
              ctx.fillRect(a, top, b - a, height);
            }
            ctx.strokeStyle = 'rgba(37, 99, 235, 0.35)';
            ctx.lineWidth = 1;
            ctx.setLineDash([3, 3]);
            ctx.beginPath();
            ctx.moveTo(Math.round(a) + 0.5, top);
            ctx.lineTo(Math.round(a) + 0.5, top + height);
            ctx.stroke();
          });
          // After load stopped: only the polls of RCAs still in flight. Hatched grey, not a stage.
          if (data.loadStop != null) {
            const w0 = u.valToPos(data.loadStop - x0, 'x', true),
              w1 = u.bbox.left + u.bbox.width;
            if (w1 > w0) {
              ctx.fillStyle = 'rgba(100, 116, 139, 0.10)';
              ctx.fillRect(w0, top, w1 - w0, height);
              ctx.beginPath();
              ctx.rect(w0, top, w1 - w0, height);
              ctx.clip();
              ctx.strokeStyle = 'rgba(100, 116, 139, 0.18)';
              ctx.setLineDash([]);
              const step = 8 * devicePixelRatio;
              for (let hx = w0 - height; hx < w1; hx += step) {
                ctx.beginPath();
                ctx.moveTo(hx, top + height);
                ctx.lineTo(hx + height, top);
                ctx.stroke();
              }
            }
          }
          ctx.restore();
        },
        draw: (u) => {
          const ctx = u.ctx,
            top = u.bbox.top,
            dpr = devicePixelRatio;
          ctx.save();
          ctx.font = `${10 * dpr}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          ctx.textAlign = 'left'; // uPlot leaves its axes' alignment on the context
          let loadStop = null;
          if (data.loadStop != null) {
            const x = Math.round(u.valToPos(data.loadStop - x0, 'x', true)) + 0.5;
            const w = ctx.measureText('load stopped').width;
            loadStop = { text: 'load stopped', x: x - 4 * dpr - w, y: top + 3 * dpr, w: w, row: 0 };
            ctx.strokeStyle = 'rgba(185, 28, 28, 0.55)';
            ctx.setLineDash([5, 4]);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + u.bbox.height);
            ctx.stroke();
            ctx.fillStyle = 'rgba(185, 28, 28, 0.8)';
            ctx.fillText(loadStop.text, loadStop.x, loadStop.y);
            const wd = 'wind-down',
              ww = ctx.measureText(wd).width,
              right = u.bbox.left + u.bbox.width;
            if (right - x > ww + 8 * dpr) {
              ctx.fillStyle = 'rgba(71, 85, 105, 0.9)';
              ctx.fillText(wd, x + 4 * dpr, top + 3 * dpr);
            }
          }
          const labels = placeStageLabels(u, ctx, loadStop);
          ctx.fillStyle = 'rgba(37, 99, 235, 0.8)';
          labels.forEach((l) => {
            l.y = top + (3 + 12 * l.row) * dpr;
            ctx.fillText(l.text, l.x, l.y);
          });
          u.__labels = loadStop ? labels.concat([loadStop]) : labels;
          ctx.restore();
        },
      },
    };
  }

  // Threshold limits (red dashed, labelled at the right), HPA markers (amber, labelled at the bottom),
  // (limits too far above the data to draw are named under the chart instead).
  function gatesPlugin(panel, limits, far) {
    return {
      hooks: {
        draw: (u) => {
          const ctx = u.ctx,
            dpr = devicePixelRatio,
            b = u.bbox;
          const drawnLimits = [],
            drawnMarkers = [];
          ctx.save();
          ctx.font = `${10 * dpr}px system-ui, sans-serif`;
          ctx.lineWidth = 1.25 * dpr;
          limits.forEach((l) => {
            const y = Math.round(u.valToPos(l.value, 'y', true)) + 0.5;
            ctx.strokeStyle = l.failed ? 'rgba(220, 38, 38, 0.95)' : 'rgba(220, 38, 38, 0.6)';
            ctx.setLineDash([6 * dpr, 4 * dpr]);
            ctx.beginPath();
            ctx.moveTo(b.left, y);
            ctx.lineTo(b.left + b.width, y);
            ctx.stroke();
            ctx.fillStyle = 'rgba(185, 28, 28, 0.95)';
            // Above its line, unless that is where the stage labels are: then below it.
            const below = y - 12 * dpr < b.top + 26 * dpr;
            ctx.textAlign = 'right';
            ctx.textBaseline = below ? 'top' : 'bottom';
            ctx.fillText(l.label, b.left + b.width - 4 * dpr, below ? y + 2 * dpr : y - 2 * dpr);
            drawnLimits.push({ label: l.label, y: y });
          });
          far.forEach((l) => {
            drawnLimits.push({ label: l.label, above: true });
          });
          panel.markers.forEach((m) => {
            const x = Math.round(u.valToPos(m.t - x0, 'x', true)) + 0.5;
            if (x < b.left || x > b.left + b.width) return;
            ctx.strokeStyle = 'rgba(217, 119, 6, 0.95)';
            ctx.setLineDash([2 * dpr, 3 * dpr]);
            ctx.beginPath();
            ctx.moveTo(x, b.top);
            ctx.lineTo(x, b.top + b.height);
            ctx.stroke();
            ctx.fillStyle = 'rgba(180, 83, 9, 1)';
            ctx.textAlign = 'left';
            ctx.textBaseline = 'bottom';
            ctx.fillText(m.label, x + 3 * dpr, b.top + b.height - 3 * dpr);
            drawnMarkers.push({ label: m.label, x: x });
          });
          u.__limits = drawnLimits;
          u.__markers = drawnMarkers;
          ctx.restore();
        },
      },
    };
  }

  function isolated(values) {
    for (let i = 0; i < values.length; i++) {
      if (values[i] != null && values[i - 1] == null && values[i + 1] == null) return true;
    }
    return false;
  }

  const STYLE = {
    solid: { width: 2, dash: undefined, alpha: 1 },
    thin: { width: 1.25, dash: undefined, alpha: 1 },
    dashed: { width: 1.5, dash: [6, 4], alpha: 1 },
  };
  function withAlpha(hex, alpha) {
    if (alpha >= 1) return hex;
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
  }

  const syncKey = uPlot.sync('aurora-report').key;
  const plots = [];
  const stepped = uPlot.paths.stepped({ align: 1 });

  function chartWidth(el) {
    return Math.max(320, Math.floor(el.getBoundingClientRect().width));
  }

  data.panels.forEach((panel) => {
    const el = document.querySelector(`[data-panel="${panel.id}"] .chart`);
    if (!el || panel.empty) return;
    const unit = panel.unit;
    // Before any hover the legend shows each series' figure (peak, average, end value), not a dash.
    const series = [
      {
        label: 'at',
        value: (_u, v, _si, idx) => (idx == null ? 'whole run' : `${elapsedExact(v)} (${clock(v)})`),
      },
    ];
    panel.series.forEach((s) => {
      const st = STYLE[s.style] || STYLE.solid;
      series.push({
        label: s.label,
        stroke: withAlpha(s.color, st.alpha),
        width: st.width,
        dash: st.dash,
        paths: s.step ? stepped : undefined,
        // A series of isolated buckets (a rare metric) would draw nothing as a line: show its points.
        points: { show: isolated(s.values), size: 5 },
        spanGaps: false,
        value: (_u, v, _si, idx) => (idx == null ? s.figure : fmt(v, unit)),
      });
    });
    // Limits within reach of the data widen the y axis; far ones are named under the chart instead.
    let dataMax = 0;
    panel.series.forEach((s) => {
      s.values.forEach((v) => {
        if (v != null && v > dataMax) dataMax = v;
      });
    });
    const reach = dataMax > 0 ? dataMax * 4 : Infinity;
    const shownLimits = panel.limits.filter((l) => l.value <= reach);
    const farLimits = panel.limits.filter((l) => l.value > reach);
    const yTop = shownLimits.reduce((m, l) => Math.max(m, l.value), dataMax);
    const opts = {
      width: chartWidth(el),
      height: 190,
      cursor: { sync: { key: syncKey }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: {
          time: false,
          range: () => [0, xSpan],
        },
        y: {
          range: (_u, _min, max) => {
            const top = Math.max(max, yTop);
            return [0, top > 0 ? top * 1.3 : 1];
          },
        },
      },
      axes: [
        {
          stroke: '#5b6576',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#e3e6eb' },
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
          values: (_u, splits) => splits.map(elapsed),
        },
        {
          stroke: '#5b6576',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#e3e6eb' },
          size: 64,
          incrs: unit === 'replicas' ? [1, 2, 5, 10, 20, 50] : undefined,
          values: (_u, splits) => splits.map((v) => fmt(v, unit)),
        },
      ],
      series: series,
      plugins: [stagesPlugin(), gatesPlugin(panel, shownLimits, farLimits)],
    };
    const x = panel.x.map((v) => v - x0);
    const u = new uPlot(opts, [x].concat(panel.series.map((s) => s.values)), el);
    if (farLimits.length) {
      const note = document.createElement('p');
      note.className = 'far-limits';
      note.textContent = `Limits far above this run's values (not drawn): ${farLimits.map((l) => l.label).join(', ')}`;
      el.appendChild(note);
    }
    u.__panel = panel.id;
    plots.push(u);
  });

  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      plots.forEach((u) => {
        u.setSize({ width: chartWidth(u.root.parentElement), height: 190 });
      });
    });
  });

  // For the browser test and for anyone poking at the page from the console.
  window.__report = {
    // The text drawn over each chart (stage labels and "load stopped"), in canvas pixels, as last drawn.
    labels: () => plots.map((u) => ({ id: u.__panel, labels: u.__labels || [] })),
    // Limit lines and markers as drawn: { id, limits: [{ label, y | above }], markers: [{ label, x }] }.
    gates: () => plots.map((u) => ({ id: u.__panel, limits: u.__limits || [], markers: u.__markers || [] })),
    colors: data.panels
      .filter((p) => !p.empty)
      .map((p) => ({
        id: p.id,
        colors: p.series.map((s) => s.color),
      })),
    drawn: plots.map((u) => {
      let points = 0;
      for (let i = 1; i < u.data.length; i++)
        u.data[i].forEach((v) => {
          if (v != null) points++;
        });
      return { id: u.__panel, series: u.data.length - 1, points: points };
    }),
  };
})();
