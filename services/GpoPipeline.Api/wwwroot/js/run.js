import { api, follow, session } from './api.js';
import { color, drawChart } from './charts.js';
import { stepList } from './run-steps.js';
import { count, errorBox, esc, finalStatuses, money, pct, shortId, stackTables, statusBadge, when } from './format.js';

/**
 * One run: dev score per step against the initial prompt, edit budget against the selected prompt's word edit
 * distance, each step's candidates and rejections, the selected prompt as a word diff, the test interval, spend per
 * step, trace links, and cancel/resume for write keys. Re-read when the run's own events say it moved, while `view`
 * (app.js) is the page shown: once the reader has left it, a load or poll still under way draws nothing.
 */
export function renderRun(main, id, view) {
  main.innerHTML = `<p class="muted">Loading run ${esc(shortId(id))}…</p>`;
  let last = null;
  let stream = null;
  // Loads overlap (a step event, the run's end, a settle re-read) and may answer in any order: only a load issued after
  // the one drawn may draw, so an older answer never replaces a newer one (the run's end stays shown when a step's
  // re-read answers after it, and the stream, closed at the end, would never correct it).
  let issued = 0;
  let drawn = 0;
  // What the reader asked for (a cancel, a resume) and the status it was asked from: said until the run leaves that
  // status. The page is drawn again by the re-reads that follow the request, and each drawing wiped the note.
  const action = { text: '', from: null };
  view.onLeave(() => stream?.close());
  const load = async () => {
    const mine = ++issued;
    try {
      const [run, steps] = await Promise.all([api(`/v1/runs/${id}`), api(`/v1/runs/${id}/steps`).catch(e => (e.status === 404 ? null : Promise.reject(e)))]);
      if (!view.current) return null;
      if (mine < drawn) return last.run;
      drawn = mine;
      last = { run, steps };
      render(main, run, steps, { view, reload: load, listen, action });
      return run;
    } catch (e) {
      if (view.current && !last) main.innerHTML = `<h1>Run ${esc(shortId(id))}</h1>${errorBox(e.message)}`;
      return null;
    }
  };
  // The run's stream ends when the run does; it is opened again after a resume. Right after a resume the
  // snapshot may still show the status being left (the scheduler has not taken the resume yet): not an end.
  const listen = (leaving) => {
    if (!view.current) return; // a resume answered after the reader left: the page's streams are closed for good
    stream?.close();
    stream = follow(`/v1/runs/${id}/events`, ['step-completed', 'run-completed', 'run-failed', 'run-cancelled', 'snapshot'], (kind, e) => {
      const over = ['run-completed', 'run-failed', 'run-cancelled'].includes(kind) || (kind === 'snapshot' && finalStatuses.includes(e.status) && e.status !== leaving);
      if (over) stream.close();
      if (kind !== 'snapshot' || over || last?.run.status !== e.status) load();
    });
  };
  load();
  listen();
}

// A cancel is announced on the stream (run-cancelled) once it takes effect; the page also re-reads, bounded, until it
// shows, since the stream may be between two tokens then. After a resume the same, until the run has left the status it
// was resumed from and ended again (a resumed run may end before its new stream is open, so the stream alone could miss it).
// The re-reads stop when the reader leaves the page (view.later).
async function settle(page, tries, leaving) {
  const run = await page.reload();
  if (tries > 0 && run && (!finalStatuses.includes(run.status) || run.status === leaving)) page.view.later(() => settle(page, tries - 1, leaving), 1000);
}

/** Draws the run; `page`: the view it belongs to, how to read the run again and how to follow its events. */
function render(main, run, steps, page) {
  const canWrite = session.can('write');
  const active = ['Pending', 'Running', 'Submitted'].includes(run.status);
  // A run whose start failed was never created: there is nothing to resume (a submitted one can be cancelled).
  const resumable = run.started && ['Cancelled', 'Failed', 'StoppedBudget'].includes(run.status);
  const optimize = steps?.steps.filter(s => s.kind === 'Optimize' && s.selected !== null) ?? [];
  const trajectory = steps?.steps.filter(s => s.selected !== null && s.kind !== 'Test') ?? [];
  const hasTrace = steps?.steps.some(s => s.traceUrl);
  // A score check (Runs/ScoreCheckRun) has no optimization steps: it only scores the champion on the newest examples.
  // Its submission says so (scoreCheck), not totalSteps: that is 0 too for every run the scheduler has not created.
  const scoreCheck = run.scoreCheck;
  // A line needs two points and a budget bar an optimization step: a run that has neither gets no empty chart.
  const charts = [
    trajectory.length > 1 ? '<figure class="chart"><figcaption><h2>Dev score per step</h2></figcaption><div class="canvas"><canvas id="dev-chart" role="img" aria-label="Dev score of the selected prompt at each step, with the initial prompt as baseline"></canvas></div></figure>' : '',
    optimize.length > 0 ? '<figure class="chart"><figcaption><h2>Edit budget and word edit distance</h2></figcaption><div class="canvas"><canvas id="budget-chart" role="img" aria-label="Edit budget of each step against the word edit distance of its selected prompt; over-budget edits in red"></canvas></div></figure>' : '',
  ].join('');
  // The page is drawn again at every step event: what the reader opened stays open.
  const opened = [...main.querySelectorAll('details[open][id]')].map(d => d.id);
  if (page.action.from !== null && run.status !== page.action.from) Object.assign(page.action, { text: '', from: null });
  main.innerHTML = `
    <h1>Run <code>${esc(shortId(run.id))}</code> · <a href="#/tasks/${encodeURIComponent(run.task)}">${esc(run.task)}</a></h1>
    <div class="actions">
      <span id="run-status">${statusBadge(run.status)}</span>
      <span class="muted">${stepText(run)} · ${esc(run.trigger ?? '')} · champion v${run.championVersion ?? '—'} · dataset v${run.datasetVersion ?? '—'} · ${run.started ? 'started' : 'submitted'} ${when(run.createdAt)}</span>
    </div>
    <div class="actions">
      ${canWrite ? `
        <button type="button" class="danger" id="cancel-run" ${active ? '' : 'disabled'}>Cancel run</button>
        <button type="button" id="resume-run" ${resumable ? '' : 'disabled'}>Resume run</button>`
      : '<span class="muted">Cancel and resume need a key with write scope.</span>'}
      <span id="run-action" aria-live="polite">${esc(page.action.text)}</span>
    </div>
    ${run.failureReason ? `<div class="notice">${esc(run.failureReason)}</div>` : ''}
    <div class="cards">
      ${scoreCheck ? checkedCard(steps, run.status) : `
      ${card('Initial prompt (dev)', pct(steps?.baselineDevScore), 'the baseline: the champion the run started from')}
      ${card('Best dev', pct(run.bestDevScore), optimize.length ? `${trajectory.length} prompts in the trajectory` : 'no optimization step has completed')}
      ${testCard(steps?.test, run.status)}`}
      ${card('Spend', money(run.spend.cost), `${count(run.spend.calls)} calls · ${count(run.spend.inputTokens + run.spend.outputTokens)} tokens · ${count(run.spend.cacheHits)} cache hits${run.spend.memoHits > 0 ? ` · ${count(run.spend.memoHits)} answered from the store` : ''}`)}
    </div>
    ${scoreCheck ? checkedPrompt(run, steps) : ''}
    ${charts ? `<div class="charts">${charts}</div>` : ''}
    <details class="section" id="spend-per-step">
    <summary><h2>Spend per step</h2> <span class="muted">${count(steps?.steps.length ?? 0)} step${steps?.steps.length === 1 ? '' : 's'}: calls, tokens, cost${hasTrace ? ', trace links' : ''}</span></summary>
    <div class="table-wrap scrolls" tabindex="0" role="region" aria-label="Spend per step (scrolls sideways)"><table id="spend-table">
      <thead><tr><th scope="col">Step</th><th scope="col">Kind</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Input tokens</th><th scope="col" class="num">Output tokens</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Cache hits</th><th scope="col" class="num" title="calls not made: the store already held the answer">From the store</th>${hasTrace ? '<th scope="col">Trace</th>' : ''}</tr></thead>
      <tbody>${(steps?.steps ?? []).map(s => `<tr>
        <td>${s.step}</td><td>${esc(s.kind)}</td><td class="num">${count(s.spend.calls)}</td><td class="num">${count(s.spend.inputTokens)}</td>
        <td class="num">${count(s.spend.outputTokens)}</td><td class="num">${money(s.spend.cost)}</td><td class="num">${count(s.spend.cacheHits)}</td><td class="num">${count(s.spend.memoHits)}</td>
        ${hasTrace ? `<td>${s.traceUrl ? `<a href="${esc(s.traceUrl)}" target="_blank" rel="noopener">trace of step ${s.step}</a>` : ''}</td>` : ''}</tr>`).join('')}</tbody>
    </table></div>
    </details>
    <h2>Steps</h2>
    ${stepList(steps?.steps ?? [], run.status)}`;

  stackTables(main);
  for (const id of opened) main.querySelector(`#${CSS.escape(id)}`)?.setAttribute('open', '');
  const devChart = main.querySelector('#dev-chart');
  const budgetChart = main.querySelector('#budget-chart');
  if (devChart) drawDev(devChart, trajectory, steps.baselineDevScore);
  if (budgetChart) drawBudget(budgetChart, optimize);
  const act = async (verb, button) => {
    button.disabled = true;
    const note = main.querySelector('#run-action');
    try {
      await api(`/v1/runs/${run.id}/${verb}`, { method: 'POST' });
      if (!page.view.current) return;
      Object.assign(page.action, { text: verb === 'cancel' ? 'Cancel requested…' : 'Resume requested…', from: run.status });
      note.textContent = page.action.text;
      if (verb === 'resume') {
        page.listen(run.status);
        settle(page, 120, run.status);
      } else {
        settle(page, 30);
      }
    } catch (e) {
      if (!page.view.current) return;
      note.innerHTML = errorBox(e.message);
      button.disabled = false;
    }
  };
  main.querySelector('#cancel-run')?.addEventListener('click', e => act('cancel', e.currentTarget));
  main.querySelector('#resume-run')?.addEventListener('click', e => act('resume', e.currentTarget));
}

/** Where the run is: its step of its total, or why it has none. */
function stepText(run) {
  if (run.scoreCheck) return 'no optimization steps';
  if (run.totalSteps > 0) return `step ${Math.min(run.currentStep, run.totalSteps)}/${run.totalSteps}`;
  // No run document yet: the scheduler has not created the run (Submitted), or never will (its start failed).
  return run.status === 'Submitted' ? 'not started yet' : 'never started';
}

const card = (label, value, sub) => `<div class="card"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="sub">${esc(sub)}</div></div>`;

const interval = i => `${pct(i.mean)} <span class="sub">[${pct(i.low)}, ${pct(i.high)}]</span>`;

function testCard(test, status) {
  if (!test) return card('Test score', '—', status === 'Completed' || !finalStatuses.includes(status) ? 'measured when the run completes' : 'not measured: the run ended before its test step');
  return `<div class="card" id="test-interval"><div class="label">Test score · 95 % bootstrap interval</div>
    <div class="value">${interval(test.initial)} → ${interval(test.best)}</div>
    <div class="sub">initial → best-dev prompt, n = ${test.initial.examples} test examples</div></div>`;
}

/** A score check's one figure: the champion's score on the newest examples (its dev and test split are both those). */
function checkedCard(steps, status) {
  const test = steps?.test?.initial;
  if (!test) {
    const note = finalStatuses.includes(status) ? 'not measured: the check ended before scoring' : 'measured when the check completes';
    return card('Champion\'s score on the newest examples', pct(steps?.baselineDevScore), steps?.baselineDevScore == null ? note : 'dev split; the interval comes with the test step');
  }
  return `<div class="card" id="checked-score"><div class="label">Champion's score on the newest examples · 95 % bootstrap interval</div>
    <div class="value">${interval(test)}</div><div class="sub">n = ${test.examples} examples, scored once; no optimization</div></div>`;
}

function checkedPrompt(run, steps) {
  const prompt = run.bestPrompt ?? steps?.steps.find(s => s.kind === 'Baseline')?.candidates[0]?.prompt;
  return prompt ? `<h2>Prompt scored (the champion v${run.championVersion ?? '—'})</h2><blockquote class="prompt">${esc(prompt)}</blockquote>` : '';
}

function drawDev(canvas, trajectory, baseline) {
  drawChart(canvas, {
    type: 'line',
    data: {
      labels: trajectory.map(s => `${s.step}`),
      datasets: [
        { label: 'Dev score of the selected prompt', data: trajectory.map(s => s.devScore * 100), borderColor: color('--chart-1'), backgroundColor: color('--chart-1'), tension: 0.1 },
        { label: 'Initial prompt (baseline)', data: trajectory.map(() => (baseline ?? 0) * 100), borderColor: color('--chart-3'), borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: { scales: { x: { title: { text: 'step' } }, y: { title: { text: 'dev score (%)' }, suggestedMin: 0, suggestedMax: 100 } } },
  });
}

function drawBudget(canvas, optimize) {
  const bad = color('--bad');
  drawChart(canvas, {
    type: 'bar',
    data: {
      labels: optimize.map(s => `${s.step}`),
      datasets: [
        { label: 'Edit budget (words)', data: optimize.map(s => s.editBudget), backgroundColor: color('--chart-3') },
        { label: 'Word edit distance (red: over budget)', data: optimize.map(s => s.editDistance), backgroundColor: optimize.map(s => (s.overBudget ? bad : color('--chart-2'))) },
      ],
    },
    options: { scales: { x: { title: { text: 'step' } }, y: { title: { text: 'words' }, beginAtZero: true } } },
  });
}
