/** Escapes text for innerHTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A 0–1 score as percent points. */
export const pct = (score, digits = 1) => (score === null || score === undefined ? '—' : (score * 100).toFixed(digits));

export const money = cost => (cost === null || cost === undefined ? '—' : `$${Number(cost).toFixed(cost < 1 ? 4 : 2)}`);

export const count = n => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'));

export function pValue(p) {
  if (p === null || p === undefined) return '—';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function duration(fromIso, toIso) {
  if (!fromIso) return '—';
  const ms = (toIso ? new Date(toIso) : new Date()) - new Date(fromIso);
  if (!(ms >= 0)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The statuses a run ends in (a resume can start it again). */
export const finalStatuses = ['Completed', 'Failed', 'Cancelled', 'StoppedBudget'];

export const statusBadge = status => `<span class="status status-${esc(status)}">${esc(status === 'StoppedBudget' ? 'Stopped (budget)' : status)}</span>`;

export const shortId = id => String(id).slice(0, 8);

export const errorBox = message => `<div class="error" role="alert">${esc(message)}</div>`;

/** Labels every cell with its column header, so narrow screens can show each row as a card (app.css). */
export function stackTables(root) {
  for (const table of root.querySelectorAll('table')) {
    const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => { if (headers[i] && !cell.hasAttribute('colspan')) cell.dataset.label = headers[i]; });
    }
  }
}
