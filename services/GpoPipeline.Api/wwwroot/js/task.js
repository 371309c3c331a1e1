import { api, session } from './api.js';
import { count, errorBox, esc, money, pct, pValue, shortId, stackTables, when } from './format.js';

/**
 * One task: the champion in force and its version, every champion with the decision that made it (scores, p-value,
 * n), the dataset versions, the re-optimization policy, what the last automatic trigger did, and "re-optimize now"
 * for write keys. Drawn only while `view` (app.js) is the page shown: a load that answers after the reader left draws nothing.
 */
/** The newest champion versions and decisions the page shows (GET …/champions answers at most ?limit= of each). */
const HISTORY_SHOWN = 20;

export function renderTask(main, name, view) {
  main.innerHTML = `<p class="muted">Loading task ${esc(name)}…</p>`;
  const load = async () => {
    try {
      const [task, history, datasets] = await Promise.all([
        api(`/v1/tasks/${encodeURIComponent(name)}`), api(`/v1/tasks/${encodeURIComponent(name)}/champions?limit=${HISTORY_SHOWN}`), api(`/v1/tasks/${encodeURIComponent(name)}/datasets`)]);
      if (!view.current) return;
      render(main, task, history, datasets, { view, reload: load });
    } catch (e) {
      if (!view.current) return;
      main.innerHTML = `<h1>Task ${esc(name)}</h1>${errorBox(e.message)}`;
    }
  };
  load();
}

/** A note under a history table that holds as many rows as the page asks for: older ones exist but are not shown. */
function newestOnly(shown, what) {
  return shown >= HISTORY_SHOWN ? `<p class="muted">The newest ${HISTORY_SHOWN} ${what}; older ones are not shown.</p>` : '';
}

/** Draws the task; `page`: the view it belongs to and how to read the task again. */
function render(main, task, history, datasets, page) {
  const current = history.versions.find(v => v.number === history.current);
  const p = task.policy;
  const served = Object.fromEntries(history.served.map(s => [s.championVersion, s.answers]));
  main.innerHTML = `
    <h1>Task ${esc(task.name)}</h1>
    ${task.description ? `<p>${esc(task.description)}</p>` : ''}
    <div class="actions">
      ${session.can('write') ? `<button type="button" class="primary" id="reoptimize" ${task.activeRunId ? 'disabled' : ''}>Re-optimize now</button>` : '<span class="muted">Re-optimizing needs a key with write scope.</span>'}
      ${task.activeRunId ? `<span>Run in progress: <a href="#/runs/${task.activeRunId}"><code>${shortId(task.activeRunId)}</code></a></span>` : ''}
      <span id="task-action" aria-live="polite"></span>
    </div>
    ${lastTrigger(task.lastTrigger)}
    <h2>Champion in force</h2>
    <p><strong id="champion-version">v${history.current}</strong>
      ${current?.runId ? ` from run <a href="#/runs/${current.runId}"><code>${shortId(current.runId)}</code></a>` : ' (the task’s initial prompt)'}
      ${current?.heldOutScore !== null && current?.heldOutScore !== undefined ? ` · held-out ${pct(current.heldOutScore)} %` : ''} · since ${when(current?.promotedAt)}</p>
    <blockquote class="prompt" id="champion-prompt">${esc(current?.prompt ?? task.championPrompt ?? '')}</blockquote>
    <h2>Decisions</h2>
    <p class="muted">Each run's challenger against the champion on the same held-out examples; promoted only when significantly better (α = ${p.alpha}, at least +${p.minimumEffect} points).</p>
    <div class="table-wrap"><table id="decisions">
      <thead><tr><th scope="col">Decided</th><th scope="col">Outcome</th><th scope="col">Trigger</th><th scope="col">Run</th><th scope="col" class="num">Champion (%)</th>
        <th scope="col" class="num">Challenger (%)</th><th scope="col" class="num">p-value</th><th scope="col" class="num">n</th><th scope="col">Test</th><th scope="col">Reason</th></tr></thead>
      <tbody>${history.decisions.slice().reverse().map(d => `<tr data-outcome="${esc(d.outcome)}">
        <td>${when(d.decidedAt)}</td><td><strong>${esc(d.outcome)}</strong>${d.newChampionVersion ? ` → v${d.newChampionVersion}` : ''}</td><td>${esc(d.trigger)}</td>
        <td>${d.runId ? `<a href="#/runs/${d.runId}"><code>${shortId(d.runId)}</code></a>` : '—'}</td>
        <td class="num">${d.championVersion ? `v${d.championVersion}: ` : ''}<span data-col="champion-score">${pct(d.championScore)}</span></td>
        <td class="num" data-col="challenger-score">${pct(d.challengerScore)}</td>
        <td class="num" data-col="p-value">${pValue(d.pValue)}</td><td class="num">${d.exampleCount ?? '—'}</td><td>${esc(d.test ?? '—')}</td><td>${esc(d.reason)}</td></tr>`).join('')}</tbody>
    </table></div>
    ${newestOnly(history.decisions.length, 'decisions')}
    <h2>Champion history</h2>
    <div class="table-wrap"><table id="champions">
      <thead><tr><th scope="col">Version</th><th scope="col">Since</th><th scope="col">Run</th><th scope="col" class="num">Held-out (%)</th><th scope="col" class="num">Answers served</th><th scope="col">Reason</th><th scope="col">Prompt</th></tr></thead>
      <tbody>${history.versions.slice().reverse().map(v => `<tr${v.number === history.current ? ' aria-current="true"' : ''}>
        <td>v${v.number}${v.number === history.current ? ' (in force)' : ''}${v.restores ? ` restores v${v.restores}` : ''}</td><td>${when(v.promotedAt)}</td>
        <td>${v.runId ? `<a href="#/runs/${v.runId}"><code>${shortId(v.runId)}</code></a>` : '—'}</td><td class="num">${pct(v.heldOutScore)}</td>
        <td class="num">${count(served[v.number] ?? 0)}</td><td>${esc(v.reason)}</td><td class="prompt">${esc(v.prompt)}</td></tr>`).join('')}</tbody>
    </table></div>
    ${newestOnly(history.versions.length, 'champion versions')}
    <h2>Dataset versions</h2>
    <div class="table-wrap"><table id="datasets">
      <thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col" class="num">Examples</th><th scope="col" class="num">Added</th><th scope="col">SHA-256</th></tr></thead>
      <tbody>${datasets.map(d => `<tr><td>v${d.version}</td><td>${when(d.createdAt)}</td><td class="num">${count(d.exampleCount)}</td><td class="num">${count(d.added)}</td>
        <td><code title="${esc(d.sha256)}">${esc(d.sha256.slice(0, 12))}…</code></td></tr>`).join('') || '<tr><td colspan="5" class="muted">No data yet.</td></tr>'}</tbody>
    </table></div>
    <h2>Re-optimization policy</h2>
    <dl class="policy">
      <dt>Significance level α</dt><dd>${p.alpha}</dd>
      <dt>Minimum effect</dt><dd>+${p.minimumEffect} points</dd>
      <dt>Every N new examples</dt><dd>${p.reoptimizeEveryExamples ?? 'never'}</dd>
      <dt>Schedule (cron, UTC)</dt><dd>${p.cron ? `<code>${esc(p.cron)}</code>` : 'none'}</dd>
      <dt>Daily limits</dt><dd>${[p.dailyMaxCost !== null ? money(p.dailyMaxCost) : null, p.dailyMaxCalls !== null ? `${count(p.dailyMaxCalls)} calls` : null, p.dailyMaxTokens !== null ? `${count(p.dailyMaxTokens)} tokens` : null].filter(Boolean).join(' · ') || 'none'}</dd>
      <dt>Run settings</dt><dd>${task.settings.steps ?? '—'} steps · ${task.settings.candidates ?? '—'} candidates · task model ${esc(task.settings.taskModel ?? '—')} · optimizer ${esc(task.settings.optimizerModel ?? '—')}</dd>
    </dl>`;
  stackTables(main);
  main.querySelector('#reoptimize')?.addEventListener('click', async e => {
    const button = e.currentTarget;
    button.disabled = true;
    const note = main.querySelector('#task-action');
    try {
      const run = await api(`/v1/tasks/${encodeURIComponent(task.name)}/runs`, { method: 'POST', body: {} });
      await page.reload();
      if (!page.view.current) return;
      main.querySelector('#task-action').innerHTML = `Started run <a href="#/runs/${run.id}"><code>${shortId(run.id)}</code></a>.`;
    } catch (err) {
      if (!page.view.current) return;
      note.innerHTML = errorBox(err.message);
      button.disabled = false;
    }
  });
}

/** One line on the last automatic trigger (schedule or data): the run it started, or why it started none. */
function lastTrigger(t) {
  if (!t) return '';
  const outcome = t.runId
    ? `started run <a href="#/runs/${t.runId}"><code>${shortId(t.runId)}</code></a>`
    : `<span class="skipped">skipped: ${esc(t.skipReason ?? '')}</span>`;
  return `<p id="last-trigger"><span class="muted">Last automatic trigger:</span> ${esc(t.trigger)} at ${when(t.at)} — ${outcome}</p>`;
}
