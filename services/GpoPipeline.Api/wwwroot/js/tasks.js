import { api } from './api.js';
import { count, errorBox, esc, shortId, stackTables, when } from './format.js';

/** Every task with its champion in force; drawn only while `view` (app.js) is the page shown. */
export function renderTasks(main, view) {
  main.innerHTML = '<h1>Tasks</h1><div id="tasks"><p class="muted">Loading…</p></div>';
  api('/v1/tasks').then(tasks => {
    if (!view.current) return;
    main.querySelector('#tasks').innerHTML = tasks.length === 0
      ? '<p class="muted">No tasks yet: create one with POST /v1/tasks (see the README quick start).</p>'
      : `<div class="table-wrap"><table><thead><tr><th scope="col">Task</th><th scope="col" class="num">Champion</th><th scope="col" class="num">Examples</th>
          <th scope="col" class="num">Dataset</th><th scope="col">Active run</th><th scope="col">Created</th></tr></thead><tbody>
          ${tasks.map(t => `<tr><td><a href="#/tasks/${encodeURIComponent(t.name)}">${esc(t.name)}</a></td><td class="num">v${t.championVersion ?? '—'}</td>
            <td class="num">${count(t.exampleCount)}</td><td class="num">v${t.datasetVersion}</td>
            <td>${t.activeRunId ? `<a href="#/runs/${t.activeRunId}"><code>${shortId(t.activeRunId)}</code></a>` : '—'}</td><td>${when(t.createdAt)}</td></tr>`).join('')}
          </tbody></table></div>`;
    stackTables(main);
  }).catch(e => { if (view.current) main.querySelector('#tasks').innerHTML = errorBox(e.message); });
}
