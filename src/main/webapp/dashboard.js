// batchlab dashboard: three views over the runs API (api/…, relative, so the same files work under the WAR's
// /batchlab/ and at the root of `batchlab serve`). Everything shown goes in as text nodes, never as HTML, so ids,
// answers and messages holding markup stay text. The server pages and aggregates; this file never loads a whole run.
'use strict';

const ACTIVE = new Set(['CREATED', 'QUEUED', 'RUNNING', 'RETRYING', 'STOPPING', 'WAITING']);
const POLL_MS = 2000;
/** How long the run view keeps polling after an operator's action while the run's state has not changed yet. */
const WATCH_AFTER_ACTION_MS = 60000;
const PAGE = 50;

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options) {
  const response = await fetch('api/' + path, Object.assign({ headers: { 'Accept': 'application/json' } }, options));
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.message) || ('HTTP ' + response.status));
  }
  return body;
}

function post(path) {
  // the API refuses a change without this type (a defence against forged cross-site requests)
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: '' });
}

const enc = encodeURIComponent;
const param = name => new URLSearchParams(location.search).get(name);
const runLink = id => el('a', { href: 'run.html?id=' + enc(id), class: 'run-link' }, id);
const userLink = id => el('a', { href: 'user.html?id=' + enc(id), class: 'user-link' }, id);
const stateBadge = state => el('span', { class: 'state ' + (state || '') }, state || '—');
const number = n => (n === null || n === undefined) ? '—' : Number(n).toLocaleString('en');
const cost = c => (c && c.collected !== null && c.collected !== undefined) ? (c.currency || '') + ' ' + c.collected : '—';

/** Type and model code from a run id YYYYMMDD_TYPE_MODEL_NNN. */
function runParts(id) {
  const parts = String(id).split('_');
  return { type: parts[1] || '', model: parts.slice(2, -1).join('_') };
}

function progressBar(counts) {
  const total = counts && counts.total ? counts.total : 0;
  const share = n => total ? Math.min(100, 100 * n / total).toFixed(1) + '%' : '0%';
  return el('div', { class: 'progress' },
    el('div', { class: 'bar', title: 'prepared / submitted / completed of total' },
      el('span', { class: 'prepared', style: 'width:' + share(counts ? counts.prepared : 0) }),
      el('span', { class: 'submitted', style: 'width:' + share(counts ? counts.submitted : 0) }),
      el('span', { class: 'completed', style: 'width:' + share(counts ? counts.completed : 0) })),
    el('div', { class: 'bar-label' }, counts
      ? `${number(counts.prepared)} prepared · ${number(counts.submitted)} submitted · ${number(counts.completed)} completed of ${number(counts.total)}`
      : '—'));
}

function show(...nodes) {
  document.getElementById('view').replaceChildren(...nodes.filter(n => n !== null && n !== undefined));
}

function notFound(message) {
  document.title = 'batchlab · not found';
  show(el('div', { class: 'notfound', id: 'not-found' }, el('h1', {}, 'Not found'), el('p', {}, message),
    el('p', {}, el('a', { href: 'index.html' }, 'All runs'))));
}

function failure(error) {
  if (error instanceof ApiError && error.status === 404) notFound(error.message);
  else show(el('p', { class: 'message error' }, 'The server answered: ' + error.message));
}

let session = { user: '', operator: false };

async function loadSession() {
  session = await api('me');
  document.getElementById('who').textContent = session.user + (session.operator ? ' · operator' : ' · viewer');
}

/** Calls {@code refresh} now and again every POLL_MS while it returns true, or after {@code idleMs} if given. */
function poll(refresh, idleMs) {
  const tick = async () => {
    let again = false;
    try { again = await refresh(); } catch (error) { failure(error); return; }
    if (again) setTimeout(tick, POLL_MS);
    else if (idleMs) setTimeout(tick, idleMs);
  };
  return tick();
}

/** status.json's local time, readable: 2026-12-02 18:42:34. */
const time = t => t ? String(t).replace('T', ' ') : '—';

// ---- runs -------------------------------------------------------------------------------------------------------

async function runsView() {
  const filters = { state: el('select', { id: 'filter-state' }, el('option', { value: '' }, 'any')),
    type: el('select', { id: 'filter-type' }, el('option', { value: '' }, 'any')),
    model: el('select', { id: 'filter-model' }, el('option', { value: '' }, 'any')) };
  const body = el('tbody');
  const table = el('table', { id: 'runs' }, el('thead', {}, el('tr', {},
    el('th', {}, 'Run'), el('th', {}, 'State'), el('th', {}, 'Progress'), el('th', {}, 'Window / next opening'),
    el('th', { class: 'num' }, 'Cost so far'), el('th', {}, 'Last update'))), body);
  show(el('h1', {}, 'Runs'), el('div', { class: 'filters' },
    el('label', {}, 'State ', filters.state), el('label', {}, 'Type ', filters.type),
    el('label', {}, 'Model code ', filters.model)), table);
  let runs = [];
  let windows = {};
  const options = (select, values) => {
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, 'any'), ...[...new Set(values)].sort()
      .map(v => el('option', { value: v }, v)));
    select.value = chosen;
  };
  const render = () => {
    const rows = runs.filter(r => (!filters.state.value || r.state === filters.state.value)
      && (!filters.type.value || runParts(r.run_id).type === filters.type.value)
      && (!filters.model.value || runParts(r.run_id).model === filters.model.value));
    body.replaceChildren(...rows.slice().reverse().map(r => el('tr', { 'data-run': r.run_id },
      el('td', {}, runLink(r.run_id), el('div', { class: 'bar-label' }, r.description || '')),
      el('td', {}, stateBadge(r.state)),
      el('td', {}, progressBar(r.counts)),
      el('td', {}, windows[r.run_id] ? el('div', {}, windows[r.run_id]) : '—',
        r.next_window ? el('div', { class: 'bar-label' }, 'next: ' + time(r.next_window)) : null),
      el('td', { class: 'num' }, cost(r.cost)),
      el('td', { class: 'time' }, time(r.last_updated)))));
    if (!rows.length) body.append(el('tr', {}, el('td', { colspan: 6, class: 'message' }, 'No runs match.')));
  };
  Object.values(filters).forEach(select => select.addEventListener('change', render));
  await poll(async () => {
    const list = await api('runs');
    runs = list.runs.filter(r => r.run_id);
    windows = list.windows || {};
    options(filters.state, runs.map(r => r.state).filter(Boolean));
    options(filters.type, runs.map(r => runParts(r.run_id).type));
    options(filters.model, runs.map(r => runParts(r.run_id).model));
    render();
    return runs.some(r => ACTIVE.has(r.state));
  }, 10000);  // new runs appear within 10 s even while none works
}

// ---- one run ----------------------------------------------------------------------------------------------------

const STEPS = [['config_created', 'config created'], ['batches_created', 'batches created'],
  ['uploads_completed', 'uploads completed'], ['results_received', 'results received']];

function chart(points) {
  const width = 560, height = 180, pad = 30;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height); svg.setAttribute('id', 'counts-chart');
  const node = (name, attrs) => {
    const n = document.createElementNS(svgNs, name);
    Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v));
    svg.append(n);
    return n;
  };
  if (points.length < 1) {
    node('text', { x: pad, y: height / 2, fill: '#66727f' }).textContent = 'No counts recorded yet.';
    return svg;
  }
  const times = points.map(p => Date.parse(p.time));
  const t0 = times[0], t1 = Math.max(times[times.length - 1], t0 + 1000);
  const top = Math.max(1, ...points.map(p => p.total));
  const x = t => pad + (width - 2 * pad) * (t - t0) / (t1 - t0);
  const y = v => height - pad - (height - 2 * pad) * v / top;
  node('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: '#999' });
  node('line', { x1: pad, y1: pad, x2: pad, y2: height - pad, stroke: '#999' });
  node('text', { x: 2, y: pad + 4, 'font-size': 10, fill: '#66727f' }).textContent = number(top);
  node('text', { x: pad, y: height - 8, 'font-size': 10, fill: '#66727f' }).textContent = time(points[0].time);
  node('text', { x: width - pad, y: height - 8, 'font-size': 10, fill: '#66727f', 'text-anchor': 'end' })
    .textContent = time(points[points.length - 1].time);
  for (const [key, colour] of [['prepared', '#9bbbe0'], ['submitted', '#2f6fb5'], ['completed', '#2e8b57'], ['failed', '#b3261e']]) {
    node('polyline', { fill: 'none', stroke: colour, 'stroke-width': 2, class: 'series-' + key,
      points: points.map((p, i) => x(times[i]).toFixed(1) + ',' + y(p[key]).toFixed(1)).join(' ') });
  }
  return svg;
}

function usersTable(runId) {
  const body = el('tbody');
  const info = el('span', { id: 'users-page' });
  let offset = 0, total = 0;
  const previous = el('button', { id: 'users-previous', onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, '‹ Previous');
  const next = el('button', { id: 'users-next', onclick: () => { offset += PAGE; load(); } }, 'Next ›');
  const load = async () => {
    const page = await api('runs/' + enc(runId) + '/users?offset=' + offset + '&limit=' + PAGE);
    total = page.total;
    body.replaceChildren(...page.users.map(u => el('tr', { 'data-user': u.user_id },
      el('td', {}, userLink(u.user_id)), el('td', {}, stateBadge(u.state)),
      el('td', { class: 'num' }, number(u.requests)), el('td', { class: 'num' }, number(u.answered)),
      el('td', { class: 'num' }, number(u.problems)))));
    info.textContent = total ? `${number(offset + 1)}–${number(Math.min(offset + PAGE, total))} of ${number(total)} users` : 'no users';
    previous.disabled = offset === 0;
    next.disabled = offset + PAGE >= total;
  };
  const node = el('section', {}, el('h2', {}, 'Users'), el('div', { class: 'pager' }, previous, next, info),
    el('table', { id: 'users' }, el('thead', {}, el('tr', {}, el('th', {}, 'User'), el('th', {}, 'Status'),
      el('th', { class: 'num' }, 'Requests'), el('th', { class: 'num' }, 'Answered'), el('th', { class: 'num' }, 'Problems'))), body));
  return { node, load };
}

function summaryBlock(summary, status) {
  const answers = summary && summary.answers;
  const distribution = answers ? el('table', { id: 'answers' }, el('thead', {}, el('tr', {}, el('th', {}, 'Answer'),
      el('th', { class: 'num' }, 'Count'), el('th', { class: 'num' }, 'Share'))),
    el('tbody', {}, answers.distribution.map(a => el('tr', {}, el('td', {}, a.answer), el('td', { class: 'num' }, number(a.count)),
      el('td', { class: 'num' }, (100 * a.share).toFixed(1) + '%'))),
      el('tr', {}, el('td', {}, 'off the list'), el('td', { class: 'num' }, number(answers.off_list)), el('td', {}, ''))))
    : el('p', { class: 'message' }, 'Open target: no fixed answers to count.');
  const tokens = (summary && summary.tokens) || (status && status.tokens) || {};
  const reasons = summary ? summary.missing.by_reason : [];
  const problems = el('table', { id: 'problems' }, el('thead', {}, el('tr', {}, el('th', {}, 'Reason'),
      el('th', { class: 'num' }, 'Users'), el('th', { class: 'num' }, 'Requests'))),
    el('tbody', {}, reasons.length ? reasons.map(r => el('tr', {}, el('td', {}, r.code), el('td', { class: 'num' }, number(r.users)),
      el('td', { class: 'num' }, number(r.requests)))) : el('tr', {}, el('td', { colspan: 3, class: 'message' }, 'No problems.'))));
  const recorded = (status && status.problems) || [];
  return el('div', {},
    el('div', { class: 'two' },
      el('section', {}, el('h2', {}, 'Answers'), distribution),
      el('section', {}, el('h2', {}, 'Tokens and cost'), el('div', { class: 'cards' },
        card('Prompt tokens', number(tokens.prompt)), card('Completion tokens', number(tokens.completion)),
        card('Reasoning tokens', number(tokens.reasoning)), card('Cost', summary && summary.cost !== null ? String(summary.cost) : cost(status && status.cost))))),
    el('section', {}, el('h2', {}, 'Problems by reason'), problems,
      recorded.length ? el('ul', { id: 'recorded-problems' }, recorded.map(p => el('li', {}, `${p.user_id || 'run'} · ${p.step || ''}: ${p.reason || ''}`))) : null));
}

function card(key, value, id) {
  return el('div', { class: 'card', id }, el('div', { class: 'k' }, key), el('div', { class: 'v' }, value));
}

async function runView() {
  const runId = param('id');
  if (!runId) { notFound('No run given: open a run from the list.'); return; }
  const run = await api('runs/' + enc(runId));  // 404 here shows the not-found page
  document.title = 'batchlab · ' + run.run_id;
  const header = el('div');
  const message = el('span', { class: 'message', id: 'action-message' });
  const actions = el('div', { class: 'actions', id: 'operator-actions' });
  if (session.operator) {
    const act = (label, id, path) => el('button', { id, onclick: async () => {
      message.className = 'message';
      message.textContent = label + '…';
      try {
        const answer = await post('runs/' + enc(runId) + '/' + path);
        message.textContent = answer && answer.message ? answer.message : label + ': accepted';
        // the job may take a moment to change the state (under batchlab serve a new process starts it): watch
        stateAtAction = currentState;
        watchUntil = Date.now() + WATCH_AFTER_ACTION_MS;
        startPolling();
      } catch (error) {
        message.className = 'message error';
        message.textContent = error.message;
      }
    } }, label);
    actions.append(act('Stop', 'stop', 'stop'), act('Restart', 'restart', 'restart'), act('Retry missing', 'retry', 'retry'), message);
  }
  const chartBox = el('section', { class: 'chart' }, el('h2', {}, 'Counts over time'));
  const users = usersTable(runId);
  const summaryBox = el('div', { id: 'summary' });
  const config = el('pre', { class: 'config', id: 'config' });
  show(el('h1', { id: 'run-id' }, run.run_id), header, actions, chartBox, summaryBox, users.node,
    el('section', {}, el('h2', {}, 'Config as recorded'), config));
  api('runs/' + enc(runId) + '/config').then(c => { config.textContent = c.config_yaml; }).catch(failure);
  let lastState = null, currentState = null, stateAtAction = null, watchUntil = 0, polling = false;
  const refresh = async () => {
    const view = await api('runs/' + enc(runId));
    const status = view.status;
    header.replaceChildren(el('div', {},
      el('div', { class: 'cards' }, card('State', stateBadge(status.state), 'run-state'), card('Users', number(status.counts && status.counts.total)),
        card('Failed', number(status.counts && status.counts.failed)), card('Skipped', number(status.counts && status.counts.skipped)),
        card('Window', view.window || 'none'), card('Next opening', status.next_window || '—'),
        card('Cost so far', cost(status.cost)), card('Last update', time(status.last_updated))),
      el('p', { class: 'message' }, status.description || ''),
      progressBar(status.counts),
      el('ul', { class: 'steps', id: 'steps' }, STEPS.map(([key, label]) => el('li', { class: status.steps && status.steps[key] ? 'done' : '', 'data-step': key }, label))),
      status.last_error ? el('p', { class: 'message error', id: 'last-error' }, status.last_error) : null));
    const history = await api('runs/' + enc(runId) + '/history?points=200');
    chartBox.replaceChildren(el('h2', {}, 'Counts over time'), chart(history.points),
      el('div', { class: 'legend' }, el('span', { style: 'color:#9bbbe0' }, '— prepared'), el('span', { style: 'color:#2f6fb5' }, '— submitted'),
        el('span', { style: 'color:#2e8b57' }, '— completed'), el('span', { style: 'color:#b3261e' }, '— failed')));
    await users.load();
    if (status.state !== lastState) {
      // the summary reads every user's results: only when the state changes, not on every poll
      lastState = status.state;
      summaryBox.replaceChildren(summaryBlock(await api('runs/' + enc(runId) + '/results'), status));
    }
    currentState = status.state;
    const again = ACTIVE.has(status.state) || (Date.now() < watchUntil && status.state === stateAtAction);
    polling = again;
    return again;
  };
  const startPolling = () => { if (!polling) { polling = true; setTimeout(() => poll(refresh), POLL_MS); } };
  await poll(refresh);
}

// ---- one user ---------------------------------------------------------------------------------------------------

async function userView() {
  const userId = param('id');
  if (!userId) { notFound('No user given: open a user from a run.'); return; }
  const user = await api('users/' + enc(userId));
  document.title = 'batchlab · user ' + user.user_id;
  show(el('h1', { id: 'user-id' }, 'User ', user.user_id), ...user.runs.map(r => userRun(user.user_id, r)));
}

/** One run of a user: its state and its requests a page at a time (the first page came with the user). */
function userRun(userId, first) {
  const body = el('tbody');
  const info = el('span', { class: 'requests-page' });
  let offset = 0;
  const previous = el('button', { class: 'requests-previous', onclick: () => load(Math.max(0, offset - PAGE)) }, '‹ Previous');
  const next = el('button', { class: 'requests-next', onclick: () => load(offset + PAGE) }, 'Next ›');
  const render = page => {
    offset = page.offset;
    body.replaceChildren(...(page.requests.length ? page.requests.map(q => el('tr', { 'data-request': q.custom_id },
      el('td', {}, q.custom_id), el('td', {}, q.record_key === null ? '—' : q.record_key),
      q.error ? el('td', { class: 'error-text' }, (q.error.code || 'error') + ': ' + (q.error.message || ''))
        : el('td', { class: 'answer' }, q.answer === null ? '—' : q.answer)))
      : [el('tr', {}, el('td', { colspan: 3, class: 'message' }, 'No requests yet.'))]));
    info.textContent = page.total ? `${number(offset + 1)}–${number(offset + page.requests.length)} of ${number(page.total)} requests` : '';
    previous.disabled = offset === 0;
    next.disabled = offset + page.requests.length >= page.total;
  };
  const load = async to => {
    render(await api('users/' + enc(userId) + '/runs/' + enc(first.run_id) + '/requests?offset=' + to + '&limit=' + PAGE));
  };
  render(first);
  return el('section', { class: 'user-run', 'data-run': first.run_id },
    el('h2', {}, runLink(first.run_id), ' ', stateBadge(first.state)),
    first.reason ? el('p', { class: 'message error' }, first.reason) : null,
    el('div', { class: 'pager' }, previous, next, info),
    el('table', { class: 'requests' }, el('thead', {}, el('tr', {}, el('th', {}, 'Request'), el('th', {}, 'Record'),
      el('th', {}, 'Answer or error'))), body));
}

document.addEventListener('DOMContentLoaded', async () => {
  try {
    await loadSession();
    const view = document.body.dataset.view;
    if (view === 'run') await runView();
    else if (view === 'user') await userView();
    else await runsView();
  } catch (error) {
    failure(error);
  }
});
