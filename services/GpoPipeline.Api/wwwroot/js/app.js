import { api, session } from './api.js';
import { esc } from './format.js';
import { renderSignIn } from './signin.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderTasks } from './tasks.js';
import { renderTask } from './task.js';
import { View } from './view.js';

// Hash routes keep the dashboard one static page: every view is a real link, and no server fallback route is needed.
const routes = [
  [/^#\/runs\/([0-9a-f-]{36})$/, (view, id) => renderRun(main, id, view)],
  [/^#\/runs$/, view => renderRuns(main, view)],
  [/^#\/tasks\/([A-Za-z0-9_-]+)$/, (view, name) => renderTask(main, name, view)],
  [/^#\/tasks$/, view => renderTasks(main, view)],
];

const main = document.getElementById('main');
// The page shown. Left before the next one is drawn: a load or poll of a page the reader has gone from draws
// nothing (it replaced the page the address names), and its event streams and timers end.
let view = null;

async function show() {
  view?.leave();
  const shown = view = new View();
  const hash = location.hash || '#/runs';
  if (!session.key || hash === '#/signin') {
    showNav(false);
    renderSignIn(main, signedIn, shown);
    return;
  }
  if (!session.scopes.length && !await knowsWhoIsSignedIn(shown)) return;
  showNav(true, hash);
  for (const [pattern, render] of routes) {
    const match = hash.match(pattern);
    if (match) {
      render(shown, match[1] ? decodeURIComponent(match[1]) : undefined);
      return;
    }
  }
  main.innerHTML = `<h1>Not found</h1><p>No page at <code>${esc(hash)}</code>. <a href="#/runs">Runs</a></p>`;
}

/** Reads the saved key's name and scopes; a key no longer accepted leads to the sign-in. False when the page is not to be drawn. */
async function knowsWhoIsSignedIn(shown) {
  try {
    const me = await api('/v1/whoami');
    if (!shown.current) return false;
    session.scopes = me.scopes;
    session.name = me.name;
    return true;
  } catch {
    if (!shown.current) return false;
    session.key = null;
    showNav(false);
    renderSignIn(main, signedIn, shown, 'The saved key is no longer accepted; sign in again.');
    return false;
  }
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
