// Chart.js (window.Chart, vendored UMD build) with the page's light/dark colours.
const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
// A colour handed to a chart in the current theme → the custom property it is the value of (the chart colours of app.css
// differ from each other in each theme, so a value names one property).
let themed = new Map();

/** A theme colour (a custom property of app.css) for a chart: a switch between light and dark swaps it for its other value. */
export function color(name) {
  const value = css(name);
  themed.set(value, name);
  return value;
}

export function drawChart(canvas, config) {
  window.Chart.getChart(canvas)?.destroy();
  // A live run's page draws its charts again into new canvases at each step: the charts of the canvases it replaced
  // would otherwise stay registered (and in memory) for as long as the page is open.
  for (const old of Object.values(window.Chart.instances).filter(c => !c.canvas.isConnected)) old.destroy();
  const fg = color('--fg');
  const grid = color('--line');
  config.options = {
    responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { labels: { color: fg } }, ...(config.options?.plugins ?? {}) },
    scales: Object.fromEntries(Object.entries(config.options?.scales ?? { x: {}, y: {} })
      .map(([axis, scale]) => [axis, { ...scale, ticks: { color: fg, ...(scale.ticks ?? {}) }, grid: { color: grid }, title: scale.title ? { color: fg, display: true, ...scale.title } : undefined }])),
  };
  return new window.Chart(canvas, config);
}

// A canvas keeps the colour values it was drawn with. A theme switch recolours the charts on the page in place, not
// the page: drawing the page again closed the steps the reader had opened and lost the scroll position.
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  const swap = new Map([...themed].map(([value, name]) => [value, css(name)]));
  themed = new Map([...themed.values()].map(name => [css(name), name]));
  for (const chart of Object.values(window.Chart.instances).filter(c => c.canvas.isConnected)) {
    recolour(chart.config.data.datasets, swap);
    recolour(chart.config.options, swap);
    chart.update();
  }
});

function recolour(node, swap) {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && swap.has(value)) node[key] = swap.get(value);
    else if (value && typeof value === 'object') recolour(value, swap);
  }
}
