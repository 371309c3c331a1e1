import { esc, pct } from './format.js';

/**
 * The run page's step list: one line per step (its dev score and edit distance against budget), the rest — the
 * selected prompt as a word diff, every candidate, the rejections — on demand. Expanded by default, a 30-step run
 * made the page tens of thousands of pixels tall on a phone.
 */
export function stepList(steps, runStatus) {
  if (!steps.length) return '<p class="muted">No step has started yet.</p>';
  return `<p class="muted">One line per step; open a step for its selected prompt as a word diff against the previous one
    (<ins>added</ins>, <del>removed</del>), its candidates with their scores, and the rejected ones.</p>
    <div id="steps">${steps.map(s => stepItem(s, runStatus)).join('')}</div>`;
}

function stepItem(step, runStatus) {
  const diff = step.diff.map(d => (d.kind === 'added' ? `<ins>${esc(d.text)}</ins>` : d.kind === 'removed' ? `<del>${esc(d.text)}</del>` : esc(d.text))).join(' ');
  const title = step.kind === 'Baseline' ? 'Step 0 · initial prompt' : step.kind === 'Test' ? `Step ${step.step} · test` : `Step ${step.step}`;
  return `<details class="step" id="step-${step.step}" data-step="${step.step}">
    <summary><span class="step-title">${title}</span> <span class="step-line">${summary(step, runStatus)}</span></summary>
    <div class="step-body">
    ${step.selected !== null ? `<h3>Selected prompt</h3><p class="diff" data-diff-step="${step.step}">${diff}</p>` : ''}
    ${step.candidates.length ? `<h3>Candidates</h3><div class="table-wrap"><table>
      <thead><tr><th scope="col">#</th><th scope="col" class="num">${step.kind === 'Test' ? 'Test' : 'Dev'} score</th><th scope="col" class="num">Edit distance</th><th scope="col">Budget</th><th scope="col">Prompt</th></tr></thead>
      <tbody>${step.candidates.map(c => `<tr${c.selected ? ' aria-current="true"' : ''}><td>${c.index}${c.selected ? ' ✓ selected' : ''}</td><td class="num">${pct(c.devScore)}</td>
        <td class="num">${step.kind === 'Optimize' ? c.editDistance : '—'}</td><td>${step.kind !== 'Optimize' ? '—' : c.withinBudget ? 'within' : '<span class="over">over</span>'}</td><td class="prompt">${esc(c.prompt)}</td></tr>`).join('')}</tbody></table></div>` : ''}
    ${step.rejections.length ? `<h3>Rejected</h3><ul>${step.rejections.map(r => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}
    </div>
  </details>`;
}

function summary(step, runStatus) {
  if (step.selected !== null) {
    const edit = step.kind === 'Optimize' ? ` · ${step.editDistance}/${step.editBudget} words${step.overBudget ? ' <span class="over">over budget</span>' : ''}` : '';
    return `dev ${pct(step.devScore)}${edit}`;
  }
  // Interrupted: the run stopped while the step was open (a resume continues it); say how the run stopped.
  return step.status === 'Interrupted'
    ? `not finished (the run ${runStatus === 'StoppedBudget' ? 'stopped at its budget' : esc(runStatus.toLowerCase())})` : esc(step.status);
}
