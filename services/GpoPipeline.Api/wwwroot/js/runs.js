import { api, follow } from './api.js';
import { count, duration, errorBox, esc, finalStatuses, money, pct, shortId, stackTables, statusBadge, when } from './format.js';

// Every status the API shows for a run (GET /v1/runs?status= takes each): Submitted before a scheduler records it.
const Statuses = ['Submitted', 'Pending', 'Running', ...finalStatuses];
const Final = new Set(finalStatuses);

/**
 * The runs table: filtered by task and status, kept current by the server-sent events of every run (fed from the
 * bus, GET /v1/runs/events) instead of polling; a run the table has not seen yet is read once when its first event arrives.
 * Drawn only while `view` (app.js) is the page shown: the stream, the ticker and the re-reads end when the reader leaves.
 */
export function renderRuns(main, view) {
  const params = new URLSearchParams(sessionStorage.getItem('gpo.runFilters') || '');
  main.innerHTML = `
    <h1>Runs</h1>
    <form class="filters" id="run-filters">
      <div><label for="filter-task">Task</label><select id="filter-task"><option value="">All tasks</option></select></div>
      <div><label for="filter-status">Status</label><select id="filter-status"><option value="">All statuses</option>
        ${Statuses.map(s => `<option value="${s}">${s === 'StoppedBudget' ? 'Stopped (budget)' : s}</option>`).join('')}</select></div>
      <p class="muted" id="live" aria-live="polite">Connecting to live updates…</p>
    </form>
    <div id="runs-error"></div>
    <div class="table-wrap"><table id="runs-table">
      <caption class="muted" style="text-align:left;padding:6px 10px">Newest first. Scores on the dev split, in percent.</caption>
      <thead><tr><th scope="col">Run</th><th scope="col">Task</th><th scope="col">Status</th><th scope="col" class="num">Step</th>
        <th scope="col" class="num">Best dev</th><th scope="col" class="num">Spend</th><th scope="col">Started</th><th scope="col" class="num">Duration</th></tr></thead>
      <tbody></tbody></table></div>
    <p class="muted" id="runs-empty" hidden>No runs match. Start one from a task's page (“Re-optimize now”).</p>`;
  const taskSelect = main.querySelector('#filter-task');
  const statusSelect = main.querySelector('#filter-status');
  const body = main.querySelector('#runs-table tbody');
  const rows = new Map(); // run id → row data
  let generation = 0;
  // Reads overlap (the listing's, each run's: its start, its end, a cancel's re-reads) and answer in any order: each is
  // numbered when issued, and a run's row is drawn only from a read issued after the one that drew it last; or a late
  // answer would show an ended run as running, with no event left to correct it.
  let issued = 0;
  const drawnBy = new Map(); // run id → number of the read its row was drawn from

  const matches = run => (!taskSelect.value || run.task === taskSelect.value) && (!statusSelect.value || run.status === statusSelect.value);

  const render = () => {
    const list = [...rows.values()].filter(matches).sort((a, b) => (b.submittedAt || '').localeCompare(a.submittedAt || ''));
    body.innerHTML = list.map(row).join('');
    main.querySelector('#runs-empty').hidden = list.length > 0;
    stackTables(main);
  };

  const load = async () => {
    const mine = ++generation;
    const read = ++issued;
    const query = new URLSearchParams({ pageSize: '200' });
    if (taskSelect.value) query.set('task', taskSelect.value);
    if (statusSelect.value) query.set('status', statusSelect.value);
    sessionStorage.setItem('gpo.runFilters', new URLSearchParams({ task: taskSelect.value, status: statusSelect.value }).toString());
    try {
      const page = await api(`/v1/runs?${query}`);
      if (mine !== generation || !view.current) return;
      const newer = new Map([...rows].filter(([id]) => (drawnBy.get(id) ?? 0) > read));
      rows.clear();
      for (const item of page.items) {
        rows.set(item.id, newer.get(item.id) ?? item);
        if (!newer.has(item.id)) drawnBy.set(item.id, read);
      }
      // A run read after this listing was asked for (a new run's first event) may be missing from it: it stays.
      for (const [id, newerRow] of newer) if (!rows.has(id)) rows.set(id, newerRow);
      main.querySelector('#runs-error').innerHTML = '';
      render();
    } catch (e) {
      if (view.current) main.querySelector('#runs-error').innerHTML = errorBox(e.message);
    }
  };

  const fetchOne = async (id, untilOver = 0) => {
    const mine = ++issued;
    try {
      const run = await api(`/v1/runs/${id}`);
      if (!view.current) return;
      const known = rows.get(id);
      const superseded = mine < (drawnBy.get(id) ?? 0); // a later read of this run has drawn already
      if (!superseded) {
        drawnBy.set(id, mine);
        rows.set(id, {
          id, task: run.task, status: run.status, trigger: run.trigger, bestDevScore: run.bestDevScore, currentStep: run.currentStep,
          totalSteps: run.totalSteps, spend: run.spend, submittedAt: known?.submittedAt ?? run.createdAt, startedAt: run.createdAt,
          finishedAt: Final.has(run.status) ? (known?.finishedAt ?? new Date().toISOString()) : null,
        });
        render();
      }
      // A cancel takes effect without an event of its own: read this run again (bounded) until it shows the outcome.
      if (untilOver > 0 && !Final.has(rows.get(id)?.status)) view.later(() => fetchOne(id, untilOver - 1), 1000);
    } catch { /* the next event tries again */ }
  };

  let streamOpened = false;
  const onEvent = (kind, e) => {
    if (kind === 'snapshot') {
      main.querySelector('#live').textContent = 'Live: updates arrive as runs progress.';
      // A later snapshot is a new stream (each token's stream ends at its expiry): events between the two were missed.
      if (streamOpened) load();
      streamOpened = true;
      return;
    }
    if (kind === 'cancel-requested') {
      fetchOne(e.runId, 30);
      return;
    }
    const known = rows.get(e.runId);
    // A new run, a final state with its exact status, or an event about a run the row shows ended: a step's event may
    // be sent after its run's end (the bus's consumers run concurrently), and its "Running" must not undo the end; a
    // resumed run's read shows it running again.
    if (!known || kind === 'run-completed' || kind === 'run-failed' || kind === 'run-cancelled' || Final.has(known.status)) {
      fetchOne(e.runId);
      return;
    }
    known.status = e.status ?? known.status;
    if (e.step !== null && e.step !== undefined) known.currentStep = e.step;
    if (e.totalSteps) known.totalSteps = e.totalSteps;
    if (e.bestScore !== null && e.bestScore !== undefined) known.bestDevScore = e.bestScore;
    if (e.spend) known.spend = e.spend;
    render();
  };

  api('/v1/tasks').then(tasks => {
    if (!view.current) return;
    taskSelect.insertAdjacentHTML('beforeend', tasks.map(t => `<option value="${esc(t.name)}">${esc(t.name)}</option>`).join(''));
    taskSelect.value = params.get('task') || '';
    statusSelect.value = params.get('status') || '';
    load();
  }).catch(e => { if (view.current) main.querySelector('#runs-error').innerHTML = errorBox(e.message); });
  taskSelect.addEventListener('change', load);
  statusSelect.addEventListener('change', load);

  const stream = follow('/v1/runs/events', ['snapshot', 'step-started', 'step-completed', 'run-completed', 'run-failed', 'run-cancelled', 'cancel-requested'], onEvent);
  view.onLeave(() => stream.close());
  view.every(() => {
    for (const cell of body.querySelectorAll('td[data-col="duration"][data-running]')) cell.textContent = duration(cell.dataset.from, null);
  }, 1000);
}

function row(run) {
  const running = !Final.has(run.status);
  const step = run.totalSteps ? `${Math.min(run.currentStep, run.totalSteps)}/${run.totalSteps}` : '—';
  return `<tr data-run-id="${esc(run.id)}">
    <td data-label="Run"><a href="#/runs/${esc(run.id)}" aria-label="Run ${esc(shortId(run.id))} of ${esc(run.task)}"><code>${esc(shortId(run.id))}</code></a></td>
    <td data-label="Task" data-col="task"><a href="#/tasks/${encodeURIComponent(run.task)}">${esc(run.task)}</a></td>
    <td data-label="Status" data-col="status">${statusBadge(run.status)}</td>
    <td data-label="Step" data-col="step" class="num">${step}</td>
    <td data-label="Best dev (%)" data-col="best" class="num">${pct(run.bestDevScore)}</td>
    <td data-label="Spend" data-col="spend" class="num" >${money(run.spend?.cost)} <span class="muted">· ${count(run.spend?.calls)} calls</span></td>
    <td data-label="Started" data-col="started">${when(run.startedAt ?? run.submittedAt)}</td>
    <td data-label="Duration" data-col="duration" class="num" data-from="${esc(run.startedAt ?? run.submittedAt)}" ${running ? 'data-running' : ''}>${duration(run.startedAt ?? run.submittedAt, running ? null : run.finishedAt)}</td>
  </tr>`;
}
