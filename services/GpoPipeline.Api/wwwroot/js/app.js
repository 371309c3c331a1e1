import { api, session } from './api.js';
import { esc } from './format.js';
import { renderSignIn } from './signin.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderTasks } from './tasks.js';
import { renderTask } from './task.js';

// Hash routes keep the dashboard one static page: every view is a real link, and no server fallback route is needed.
const routes = [
  [/^#\/runs\/([0-9a-f-]{36})$/, id => renderRun(main, id)],
  [/^#\/runs$/, () => renderRuns(main)],
  [/^#\/tasks\/([A-Za-z0-9_-]+)$/, name => renderTask(main, name)],
  [/^#\/tasks$/, () => renderTasks(main)],
];

const main = document.getElementById('main');
let leaving = null; // the current view's cleanup (closes its event streams)

async function show() {
  leaving?.();
  leaving = null;
  const hash = location.hash || '#/runs';
  if (!session.key || hash === '#/signin') {
    showNav(false);
    renderSignIn(main, signedIn);
    return;
  }
  if (!session.scopes.length) {
    try {
      const me = await api('/v1/whoami');
      session.scopes = me.scopes;
      session.name = me.name;
    } catch {
      session.key = null;
      showNav(false);
      renderSignIn(main, signedIn, 'The saved key is no longer accepted; sign in again.');
      return;
    }
  }
  showNav(true, hash);
  for (const [pattern, render] of routes) {
    const match = hash.match(pattern);
    if (match) {
      leaving = render(match[1] ? decodeURIComponent(match[1]) : undefined) ?? null;
      return;
    }
  }
  main.innerHTML = `<h1>Not found</h1><p>No page at <code>${esc(hash)}</code>. <a href="#/runs">Runs</a></p>`;
}

function signedIn(me) {
  session.scopes = me.scopes;
  session.name = me.name;
  if (location.hash === '#/runs') show(); else location.hash = '#/runs';
}

function showNav(visible, hash = '') {
  const nav = document.getElementById('nav');
  nav.hidden = !visible;
  document.getElementById('who').textContent = visible ? `${session.name} · ${session.scopes.join(', ')}` : '';
  for (const link of nav.querySelectorAll('a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.key = null;
  session.scopes = [];
  location.hash = '#/signin';
});

window.addEventListener('hashchange', () => { show(); main.focus({ preventScroll: true }); });
show();
