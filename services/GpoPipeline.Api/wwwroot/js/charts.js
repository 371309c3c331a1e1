// Chart.js (window.Chart, vendored UMD build) with the page's light/dark colours.
const css = name => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function drawChart(canvas, config) {
  window.Chart.getChart(canvas)?.destroy();
  const fg = css('--fg');
  const grid = css('--line');
  config.options = {
    responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { labels: { color: fg } }, ...(config.options?.plugins ?? {}) },
    scales: Object.fromEntries(Object.entries(config.options?.scales ?? { x: {}, y: {} })
      .map(([axis, scale]) => [axis, { ...scale, ticks: { color: fg, ...(scale.ticks ?? {}) }, grid: { color: grid }, title: scale.title ? { color: fg, display: true, ...scale.title } : undefined }])),
  };
  return new window.Chart(canvas, config);
}

export const color = css;
