import { api, session } from './api.js';
import { errorBox } from './format.js';

/**
 * Sign-in with an API key (read scope suffices); a refused key shows why, never a blank page. An answer that comes
 * after the reader has left the page (`view`, app.js) signs nobody in.
 */
export function renderSignIn(main, onSignedIn, view, message) {
  main.innerHTML = `
    <section class="signin">
      <h1>Sign in</h1>
      <p class="muted">Use an API key of this control plane (read scope is enough to look; write scope to cancel, resume and re-optimize).
        <code>gpo serve</code> prints an admin key when it starts. The key is kept only in this browser tab's session.</p>
      <div id="signin-error">${message ? errorBox(message) : ''}</div>
      <form id="signin-form" novalidate>
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="gpo_…" required>
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>`;
  const form = main.querySelector('#signin-form');
  const input = main.querySelector('#api-key');
  input.focus();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const key = input.value.trim();
    const error = main.querySelector('#signin-error');
    if (!key) {
      error.innerHTML = errorBox('Enter an API key (it starts with gpo_).');
      return;
    }
    try {
      const me = await api('/v1/whoami', { key });
      if (!view.current) return;
      session.key = key;
      onSignedIn(me);
    } catch (e) {
      if (!view.current) return;
      error.innerHTML = errorBox(e.status === 401 ? `This key was not accepted: ${e.message.replace(/^401: /, '')}` : e.message);
      input.select();
    }
  });
}
