'use strict';
// The sociétés console: create a société and follow its job live, list sociétés, look into one and
// act on it as the key's role allows. Every call carries the API key given at login, which the API
// judges: the page only leaves out what the role may not do.

// the ops page's own key: one login serves both pages in this tab
const KEY_STORAGE = 'topsteel.ops.apiKey';
const FINISHED = new Set(['SUCCEEDED', 'FAILED']);
const BUSY_SOCIETE = new Set(['PROVISIONING', 'DELETING', 'MAINTENANCE']);
const ACTIVATABLE = new Set(['SUSPENDED', 'INACTIVE', 'TRIAL', 'DEGRADED']);
const SUSPENDABLE = new Set(['ACTIVE', 'INACTIVE', 'TRIAL']);
const POLL_MILLIS = 2000;
const PAGE_SIZE = 20;
const OPEN_SOCIETE_AFTER_MILLIS = 1500;
const PANELS = ['login-panel', 'list-panel', 'create-panel', 'job-panel', 'societe-panel'];

const state = {
  caller: null, listPage: 0, timer: null, watch: null, job: null, afterJob: null,
  societe: null, countdown: null, submission: null, flash: null,
};
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Authorization: 'Bearer ' + apiKey(), Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, payload);
  }
  return payload;
}

/** problem+json as one line: its detail, or the fields at fault. */
function problemText(status, problem) {
  if (!problem) return 'HTTP ' + status;
  const fields = (problem.errors || []).map((error) => error.field + ' ' + error.message).join('; ');
  return (problem.title || 'HTTP ' + status) + ': ' + (problem.detail || fields);
}

/** An operator reads a job through the ops API, which never reveals (and so never uses up) initial passwords. */
async function readJob(jobId) {
  const id = encodeURIComponent(jobId);
  return isOps() ? (await api('/api/ops/jobs/' + id)).job : api('/api/jobs/' + id);
}

function isOps() {
  return state.caller && state.caller.role === 'OPS';
}

// ---- log in and out

async function logIn(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
  try {
    state.caller = await api('/api/me');
  } catch (error) {
    logOut(error.status === 401 ? 'This API key is not valid.' : 'Could not log in: ' + error.message);
    return;
  }
  $('login-error').hidden = true;
  $('caller').textContent = state.caller.name + ' · ' + state.caller.role.toLowerCase();
  for (const id of ['nav-list', 'nav-create', 'caller', 'logout']) $(id).hidden = false;
  $('nav-ops').hidden = !isOps();
  route();
}

function logOut(reason) {
  sessionStorage.removeItem(KEY_STORAGE);
  stopWatching();
  state.caller = null;
  for (const id of ['nav-list', 'nav-create', 'nav-ops', 'caller', 'logout']) $(id).hidden = true;
  showPanel('login-panel');
  $('login-error').textContent = reason || '';
  $('login-error').hidden = !reason;
}

/** A key refused after login (revoked) logs out; anything else is said on the page. */
function report(error) {
  if (error.status === 401) {
    logOut('This API key is no longer accepted.');
  } else if (error.status === 403) {
    showMessage("This API key's role may not do this.", true);
  } else {
    showMessage(error.message, true);
  }
}

function showMessage(text, isError) {
  $('message').textContent = text || '';
  $('message').classList.toggle('error', Boolean(isError));
  $('message').hidden = !text;
}

// ---- pages: #/societes, #/societes/{id}, #/create, #/jobs/{id}

function route() {
  // the skip link's #main is a place on the page, not a page
  if (location.hash && !location.hash.startsWith('#/') && $(location.hash.slice(1))) return;
  stopWatching();
  if (!state.caller) return;
  showMessage(state.flash);
  state.flash = null;
  const hash = location.hash || '#/societes';
  const uuid = '([0-9a-fA-F-]{36})';
  let match;
  if (hash === '#/create') {
    showCreate();
  } else if ((match = hash.match(new RegExp('^#/jobs/' + uuid + '$')))) {
    showJob(match[1]);
  } else if ((match = hash.match(new RegExp('^#/societes/' + uuid + '$')))) {
    showSociete(match[1]).catch(report);
  } else {
    showList().catch(report);
  }
}

function showPanel(id, title) {
  for (const panel of PANELS) $(panel).hidden = panel !== id;
  document.title = 'TopSteel provisioning — ' + (title || 'Sociétés');
}

/** After a page change, a keyboard or screen reader user starts at the new page's heading. */
function focusHeading(panelId) {
  const heading = $(panelId).querySelector('h2');
  heading.tabIndex = -1;
  heading.focus({ preventScroll: false });
}

function stopWatching() {
  clearTimeout(state.timer);
  clearInterval(state.countdown);
  if (state.watch) state.watch.abort();
  state.watch = null;
}

// ---- the list

async function showList() {
  showPanel('list-panel', 'Sociétés');
  focusHeading('list-panel');
  await loadList();
}

async function loadList() {
  const query = new URLSearchParams({ page: state.listPage, size: PAGE_SIZE });
  const add = (name, value) => { if (value) query.set(name, value); };
  add('status', $('filter-status').value);
  add('plan', $('filter-plan').value);
  add('code', $('filter-code').value.trim());
  const page = await api('/api/societes?' + query);
  $('societes').tBodies[0].replaceChildren(...page.content.map((societe) => {
    const link = document.createElement('a');
    link.href = '#/societes/' + societe.id;
    link.textContent = societe.code;
    const row = tableRow(linkCell(link), cell(societe.nom), statusCell(societe.status), cell(societe.plan),
      cell(societe.databaseName), cell(time(societe.createdAt)));
    row.dataset.societeId = societe.id;
    row.dataset.code = societe.code;
    return row;
  }));
  if (page.content.length === 0) {
    $('societes').tBodies[0].replaceChildren(tableRow(cell('No société matches.')));
  }
  $('list-summary').textContent = page.totalElements + (page.totalElements === 1 ? ' société' : ' sociétés');
  $('list-page-info').textContent = 'page ' + (page.totalPages === 0 ? 0 : page.page + 1) + ' of ' + page.totalPages;
  $('list-previous').disabled = page.page === 0;
  $('list-next').disabled = page.page + 1 >= page.totalPages;
  // a société being created or destroyed changes by itself: keep the list current meanwhile
  if (page.content.some((societe) => BUSY_SOCIETE.has(societe.status))) {
    state.timer = setTimeout(() => loadList().catch(report), POLL_MILLIS);
  }
}

// ---- create

function showCreate() {
  showPanel('create-panel', 'Create a société');
  clearFieldErrors();
  focusHeading('create-panel');
}

/** The request as typed: empty fields left out (the API's defaults apply), numbers as numbers when they are. */
function provisioningRequest() {
  const request = {};
  const configuration = {};
  for (const input of $('create-form').querySelectorAll('[data-field]')) {
    const raw = input.value.trim();
    if (raw === '') continue;
    let value = raw;
    // anything else is sent as typed, for the API to name the field
    if (input.hasAttribute('data-number') && /^-?\d+$/.test(raw)) value = Number(raw);
    if (input.hasAttribute('data-list')) value = raw.split(',').map((item) => item.trim()).filter(Boolean);
    const field = input.dataset.field;
    if (field.startsWith('configuration.')) {
      configuration[field.slice('configuration.'.length)] = value;
    } else {
      request[field] = value;
    }
  }
  if (Object.keys(configuration).length > 0) request.configuration = configuration;
  return request;
}

async function submitCreate(event) {
  event.preventDefault();
  clearFieldErrors();
  const request = provisioningRequest();
  const text = JSON.stringify(request);
  // the same request sent again after a lost answer must not create twice: it keeps its Idempotency-Key
  if (!state.submission || state.submission.text !== text) {
    state.submission = { text, key: self.crypto && crypto.randomUUID ? crypto.randomUUID() : null };
  }
  const headers = state.submission.key ? { 'Idempotency-Key': state.submission.key } : {};
  $('create-submit').disabled = true;
  try {
    const accepted = await api('/api/societes/provision-tenant', { method: 'POST', body: request, headers });
    state.submission = null;
    $('create-form').reset();
    state.afterJob = { jobId: accepted.jobId, kind: 'create', societeId: accepted.societeId };
    location.hash = '#/jobs/' + accepted.jobId;
  } catch (error) {
    if (!(error instanceof ApiError)) {
      showFormProblem('The request could not be sent (' + error.message + '). Sending it again is safe.', []);
      return;
    }
    state.submission = null;
    if (error.status === 401) {
      report(error);
    } else {
      showFieldErrors(error);
    }
  } finally {
    $('create-submit').disabled = false;
  }
}

/** Each of the API's field errors next to its field; all of them in the summary, the first field focused. */
function showFieldErrors(error) {
  const problems = (error.problem && error.problem.errors) || [];
  const listed = [];
  for (const problem of problems) {
    const input = inputFor(problem.field);
    if (input) markInvalid(input, problem.message);
    listed.push({ problem, input });
  }
  showFormProblem((error.problem && error.problem.detail) || error.message, listed);
  const first = listed.find((item) => item.input);
  (first ? first.input : $('create-errors')).focus();
}

function inputFor(field) {
  // configuration.modules[3] is the modules field's
  const base = String(field).replace(/\[\d+\].*$/, '');
  return $('create-form').querySelector('[data-field="' + CSS.escape(base) + '"]');
}

function markInvalid(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const id = input.id + '-error';
  let text = $(id);
  if (!text) {
    text = document.createElement('p');
    text.id = id;
    text.className = 'field-error';
    input.closest('.field').append(text);
    input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + id).trim());
  }
  text.textContent = text.textContent ? text.textContent + '; ' + message : message;
}

function showFormProblem(detail, listed) {
  const summary = $('create-errors');
  const heading = document.createElement('p');
  heading.textContent = detail;
  const list = document.createElement('ul');
  list.append(...listed.map(({ problem, input }) => {
    const item = document.createElement('li');
    const label = input ? document.querySelector('label[for="' + input.id + '"]').textContent.replace('*', '').trim()
      : problem.field;
    if (input) {
      const link = document.createElement('a');
      link.href = '#' + input.id;
      link.textContent = label + ': ' + problem.message;
      link.addEventListener('click', (event) => { event.preventDefault(); input.focus(); });
      item.append(link);
    } else {
      item.textContent = label + ': ' + problem.message;
    }
    return item;
  }));
  summary.replaceChildren(heading, ...(listed.length ? [list] : []));
  summary.hidden = false;
}

function clearFieldErrors() {
  $('create-errors').hidden = true;
  $('create-errors').replaceChildren();
  for (const input of $('create-form').querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const id = input.id + '-error';
    $(id).remove();
    const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((each) => each && each !== id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
  }
}

// ---- following a job live

function showJob(jobId) {
  showPanel('job-panel', 'Job');
  state.job = null;
  $('job-title').textContent = 'Job ' + jobId;
  $('job-status').replaceChildren();
  $('job-progress').textContent = 'Loading…';
  $('job-steps').tBodies[0].replaceChildren();
  $('job-events').replaceChildren();
  $('retry-notice').hidden = true;
  $('job-retry').hidden = true;
  $('job-societe-link').hidden = true;
  focusHeading('job-panel');
  watch(jobId);
}

/** The job's Server-Sent Events until it ends; polling in between when a stream ends early or is refused. */
async function watch(jobId) {
  const controller = new AbortController();
  state.watch = controller;
  const { signal } = controller;
  try {
    renderJob(await readJob(jobId));
    while (!signal.aborted && !FINISHED.has(state.job.status)) {
      try {
        await followEvents(jobId, signal, renderJob);
      } catch (error) {
        if (signal.aborted) return;
        if (error.status === 401 || error.status === 404) throw error;
      }
      if (signal.aborted || FINISHED.has(state.job.status)) break;
      await sleep(POLL_MILLIS, signal);
      renderJob(await readJob(jobId));
    }
  } catch (error) {
    if (signal.aborted) return;
    if (error.status === 404) {
      $('job-progress').textContent = 'No such job, or not one this API key may see.';
      $('job-live').hidden = true;
      return;
    }
    report(error);
  }
}

/** EventSource cannot send an Authorization header: the stream is read through fetch. */
async function followEvents(jobId, signal, onJob) {
  const response = await fetch('/api/jobs/' + encodeURIComponent(jobId) + '/events', {
    headers: { Authorization: 'Bearer ' + apiKey(), Accept: 'text/event-stream' }, signal,
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
      if (data) onJob(JSON.parse(data));
    }
  }
}

function sleep(millis, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, millis);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function renderJob(job) {
  const previous = state.job;
  state.job = job;
  $('job-panel').dataset.jobId = job.id;
  $('job-title').textContent = jobTitle(job);
  document.title = 'TopSteel provisioning — ' + jobTitle(job);
  $('job-status').replaceChildren(statusBadge(job.status, 'job-status-badge'));
  $('job-live').hidden = FINISHED.has(job.status);
  recordChanges(previous, job);
  const current = job.steps.find((step) => step.status === 'RUNNING' || step.status === 'FAILED');
  $('job-steps').tBodies[0].replaceChildren(...job.steps.map((step) => {
    const row = tableRow(cell(step.position), cell(step.name), statusCell(step.status, 'step-status'),
      cell(step.attempts, 'step-attempts'), cell(step.durationMillis == null ? '' : millis(step.durationMillis)),
      cell(step.lastError || step.compensationError || '', 'error wrap'));
    row.dataset.step = step.name;
    if (step === current && !FINISHED.has(job.status)) row.className = 'current';
    return row;
  }));
  if (job.steps.length === 0) $('job-steps').tBodies[0].replaceChildren(tableRow(cell('No step has started yet.')));
  $('job-progress').textContent = progressText(job);
  renderRetryNotice(job);
  $('job-retry').hidden = !(job.status === 'FAILED' && isOps());
  // a destroyed société is gone, and so is one whose provisioning failed (rolled back)
  const societeGone = (job.type === 'DESTROY_TENANT' && job.status === 'SUCCEEDED')
    || (job.type === 'PROVISION_TENANT' && job.status === 'FAILED');
  $('job-societe-link').hidden = !job.societeId || societeGone;
  $('job-societe-link').href = '#/societes/' + job.societeId;
  if (FINISHED.has(job.status)) finished(job);
}

function jobTitle(job) {
  const societe = job.societeCode ? ' ' + job.societeCode : '';
  if (job.type === 'PROVISION_TENANT') return 'Creating société' + societe;
  if (job.type === 'DESTROY_TENANT') return 'Destroying société' + societe;
  return job.type + societe;
}

function progressText(job) {
  const done = job.steps.filter((step) => step.status === 'SUCCEEDED').length;
  switch (job.status) {
    case 'QUEUED': return 'Queued: waiting for a worker to take it.';
    case 'RUNNING': return 'Running: ' + done + ' step' + (done === 1 ? '' : 's') + ' done.';
    case 'RETRYING': return 'Retrying after a step failed: ' + done + ' step' + (done === 1 ? '' : 's') + ' done.';
    case 'SUCCEEDED': return 'Succeeded: every step done. ' + (job.message || '');
    case 'FAILED': return 'Failed: ' + (job.lastError || job.message || '') + ' What was done has been undone.'
      + (isOps() ? '' : ' An operator can retry it.');
    default: return job.status;
  }
}

/** What changed since the last state seen, as lines of "What happened". */
function recordChanges(previous, job) {
  const lines = [];
  if (!previous || previous.status !== job.status) lines.push(jobLine(job));
  const before = new Map(((previous && previous.steps) || []).map((step) => [step.name, step]));
  for (const step of job.steps) {
    const was = before.get(step.name);
    if (!was || was.status !== step.status || was.attempts !== step.attempts) {
      const line = stepLine(step);
      if (line) lines.push(line);
    }
  }
  // the job's own line reads better after its steps' when it ends
  if (FINISHED.has(job.status) && lines.length > 1 && (!previous || previous.status !== job.status)) lines.push(lines.shift());
  const list = $('job-events');
  for (const text of lines) {
    const item = document.createElement('li');
    const stamp = document.createElement('time');
    stamp.textContent = new Date().toLocaleTimeString('sv-SE');
    item.append(stamp, text);
    list.append(item);
  }
}

function jobLine(job) {
  switch (job.status) {
    case 'QUEUED': return 'Job queued.';
    case 'RUNNING': return 'Job running (attempt ' + job.attempts + ').';
    case 'RETRYING': return 'Job retrying: next attempt at ' + clock(job.nextAttemptAt) + '.';
    case 'SUCCEEDED': return 'Job succeeded. ' + (job.message || '');
    case 'FAILED': return 'Job failed: ' + (job.lastError || job.message || '');
    default: return 'Job ' + job.status + '.';
  }
}

function stepLine(step) {
  const attempt = step.attempts > 1 ? ' (attempt ' + step.attempts + ')' : '';
  switch (step.status) {
    case 'RUNNING': return step.name + ' started' + attempt + '.';
    case 'SUCCEEDED': return step.name + ' succeeded' + attempt
      + (step.durationMillis == null ? '.' : ' in ' + millis(step.durationMillis) + '.');
    case 'FAILED': return step.name + ' failed on attempt ' + step.attempts + ': ' + (step.lastError || '');
    case 'COMPENSATING': return step.name + ': undoing.';
    case 'COMPENSATED': return step.name + ' undone.';
    case 'COMPENSATION_FAILED': return step.name + ' could not be undone: ' + (step.compensationError || '');
    default: return null;
  }
}

/** While the job waits to try again: which step failed, how, and when the next attempt comes. */
function renderRetryNotice(job) {
  clearInterval(state.countdown);
  const notice = $('retry-notice');
  if (job.status !== 'RETRYING') {
    notice.hidden = true;
    return;
  }
  const failed = job.steps.filter((step) => step.status === 'FAILED').pop();
  const what = failed ? 'Step ' + failed.name + ' failed on attempt ' + failed.attempts + ': ' + (failed.lastError || job.lastError || '')
    : 'The last attempt failed: ' + (job.lastError || '');
  const next = failed ? 'Attempt ' + (failed.attempts + 1) : 'The next attempt';
  const text = document.createElement('span');
  text.className = 'retry';
  const tick = () => {
    const left = Math.round((new Date(job.nextAttemptAt) - Date.now()) / 1000);
    text.textContent = what + ' — ' + next + ' at ' + clock(job.nextAttemptAt)
      + (left > 0 ? ' (in ' + left + ' s).' : ' (due now).');
  };
  tick();
  notice.replaceChildren(text);
  notice.hidden = false;
  if (job.nextAttemptAt) state.countdown = setInterval(tick, 1000);
}

/** A creation ends on the société's page, a destruction on the list; a job opened by itself stays shown. */
function finished(job) {
  const after = state.afterJob;
  if (!after || after.jobId !== job.id) return;
  state.afterJob = null;
  if (job.status !== 'SUCCEEDED') return;
  const stay = '#/jobs/' + job.id;
  if (after.kind === 'create') {
    $('job-progress').textContent = 'Every step succeeded: société ' + job.societeCode + ' is ready. Opening its page…';
    setTimeout(() => {
      if (location.hash !== stay) return;
      state.flash = 'Société ' + job.societeCode + ' created: every step succeeded.';
      location.hash = '#/societes/' + job.societeId;
    }, OPEN_SOCIETE_AFTER_MILLIS);
  } else if (after.kind === 'destroy') {
    state.flash = 'Société ' + job.societeCode + ' and its database destroyed.';
    location.hash = '#/societes';
  }
}

async function retryJob(jobId) {
  await api('/api/jobs/' + encodeURIComponent(jobId) + '/retry', { method: 'POST' });
  state.flash = 'Job retried: it is queued again.';
  if (location.hash === '#/jobs/' + jobId) {
    route();
  } else {
    location.hash = '#/jobs/' + jobId;
  }
}

// ---- one société

async function showSociete(id) {
  showPanel('societe-panel', 'Société');
  state.societe = null;
  $('societe-title').textContent = 'Société';
  $('societe-status').replaceChildren();
  $('destroy-confirm').hidden = true;
  for (const part of ['societe-fields', 'societe-actions']) $(part).replaceChildren();
  $('societe-users').tBodies[0].replaceChildren();
  $('societe-jobs').tBodies[0].replaceChildren();
  focusHeading('societe-panel');
  try {
    await loadSociete(id);
  } catch (error) {
    if (error.status !== 404) throw error;
    $('societe-title').textContent = 'No such société';
    $('societe-fields').replaceChildren(paragraph('No such société, or not one this API key may see.', 'societe-missing'));
  }
}

async function loadSociete(id) {
  const path = '/api/societes/' + encodeURIComponent(id);
  const [societe, users, jobs] = await Promise.all([api(path), api(path + '/users?size=100'),
    api('/api/jobs?societeId=' + encodeURIComponent(id) + '&size=' + PAGE_SIZE)]);
  if (location.hash !== '#/societes/' + id) return;
  state.societe = societe;
  renderSociete(societe, users.content, jobs.content);
  const busy = BUSY_SOCIETE.has(societe.status) || jobs.content.some((job) => !FINISHED.has(job.status));
  $('societe-live').hidden = !busy;
  clearTimeout(state.timer);
  if (busy) state.timer = setTimeout(() => loadSociete(id).catch(reportOnSociete), POLL_MILLIS);
}

/** Destroyed meanwhile (by someone else): say so rather than show an error. */
function reportOnSociete(error) {
  if (error.status === 404) {
    state.flash = 'That société no longer exists.';
    location.hash = '#/societes';
  } else {
    report(error);
  }
}

function renderSociete(societe, users, jobs) {
  $('societe-panel').dataset.societeId = societe.id;
  $('societe-title').textContent = societe.nom + ' (' + societe.code + ')';
  document.title = 'TopSteel provisioning — ' + societe.code;
  $('societe-status').replaceChildren(statusBadge(societe.status, 'societe-status-badge'));
  renderActions(societe);
  const address = [societe.adresse, [societe.codePostal, societe.ville].filter(Boolean).join(' '), societe.pays]
    .filter(Boolean).join(', ');
  const configuration = societe.configuration || {};
  const entries = [
    ['status', 'Status', societe.status],
    ['plan', 'Plan', societe.plan],
    ['max-users', 'Users at most', societe.maxUsers],
    ['max-sites', 'Sites at most', societe.maxSites],
    ['max-storage', 'Storage at most', societe.maxStorageBytes == null ? 'no limit' : bytes(societe.maxStorageBytes)],
    ['database', 'Database', societe.databaseName],
    // what newer gateways add to the view (servers, schema versions) shows as soon as it is there
    ['database-server', 'Database server', societe.databaseServer ?? societe.server],
    ['database-size', 'Database size', societe.databaseSizeBytes == null
      ? (societe.status === 'PROVISIONING' ? 'not created yet' : 'unknown') : bytes(societe.databaseSizeBytes)],
    ['schema-version', 'Schema version', societe.schemaVersion],
    ['schema-status', 'Schema status', societe.schemaStatus],
    ['activated', 'Activated', time(societe.dateActivation)],
    ['created', 'Created', time(societe.createdAt)],
    ['updated', 'Updated', time(societe.updatedAt)],
    ['email', 'E-mail', societe.email],
    ['siret', 'SIRET', societe.siret],
    ['tva', 'VAT number', societe.tva],
    ['address', 'Address', address],
    ['telephone', 'Telephone', societe.telephone],
    ['website', 'Website', societe.website],
    ['locale', 'Locale', configuration.locale],
    ['timezone', 'Time zone', configuration.timezone],
    ['modules', 'Modules', (configuration.modules || []).join(', ')],
    ['features', 'Features', (configuration.features || []).join(', ')],
  ].filter(([, , value]) => value !== undefined && value !== null && value !== '');
  $('societe-fields').replaceChildren(...entries.flatMap(([key, name, value]) => {
    const term = document.createElement('dt');
    term.textContent = name;
    const definition = document.createElement('dd');
    definition.id = 'societe-' + key;
    if (key === 'status') definition.append(statusBadge(value));
    else definition.textContent = String(value);
    return [term, definition];
  }));
  $('societe-users').tBodies[0].replaceChildren(...users.map((user) => tableRow(cell(user.email),
    cell([user.prenom, user.nom].filter(Boolean).join(' ')), cell(user.role), cell(user.societeRole),
    cell(user.active ? 'yes' : 'no'), cell(user.mustChangePassword ? 'yes' : 'no'), cell(time(user.lastLoginAt) || 'never'))));
  if (users.length === 0) $('societe-users').tBodies[0].replaceChildren(tableRow(cell('No user yet.')));
  $('societe-jobs').tBodies[0].replaceChildren(...jobs.map((job) => {
    const follow = document.createElement('a');
    follow.href = '#/jobs/' + job.id;
    follow.textContent = 'Steps';
    follow.setAttribute('aria-label', 'Steps of the ' + job.type + ' job of ' + time(job.createdAt));
    const actions = linkCell(follow);
    if (job.status === 'FAILED' && isOps()) {
      actions.append(' ', actionButton('Retry', 'retry danger', () => retryJob(job.id)));
    }
    const row = tableRow(cell(time(job.createdAt)), cell(job.type), statusCell(job.status, 'job-status'), cell(job.attempts),
      cell(job.runs), cell(duration(job.startedAt, job.finishedAt)), cell(job.lastError || '', 'error wrap'), actions);
    row.dataset.jobId = job.id;
    return row;
  }));
}

/** Only what the key's role may do, and only what the société's status allows. */
function renderActions(societe) {
  const actions = [];
  if (isOps()) {
    if (ACTIVATABLE.has(societe.status)) actions.push(actionButton('Activate', '', () => changeStatus('activate'), 'activate'));
    if (SUSPENDABLE.has(societe.status)) actions.push(actionButton('Suspend', '', () => changeStatus('suspend'), 'suspend'));
    if (!BUSY_SOCIETE.has(societe.status)) actions.push(actionButton('Destroy…', 'danger', openDestroy, 'destroy'));
  }
  $('societe-actions').replaceChildren(...actions);
  if (!isOps() || BUSY_SOCIETE.has(societe.status)) $('destroy-confirm').hidden = true;
}

async function changeStatus(action) {
  const societe = state.societe;
  const changed = await api('/api/societes/' + encodeURIComponent(societe.id) + '/' + action, { method: 'PUT' });
  showMessage('Société ' + changed.code + ' is now ' + changed.status + '.');
  await loadSociete(societe.id);
  const next = $(action === 'activate' ? 'suspend' : 'activate');
  if (next) next.focus();
}

function openDestroy() {
  $('destroy-expected').textContent = state.societe.code;
  $('destroy-database').textContent = state.societe.databaseName;
  $('destroy-code').value = '';
  $('destroy-confirm-button').disabled = true;
  $('destroy-confirm').hidden = false;
  $('destroy-code').focus();
}

async function confirmDestroy(event) {
  event.preventDefault();
  const societe = state.societe;
  if ($('destroy-code').value !== societe.code) return;
  $('destroy-confirm-button').disabled = true;
  const accepted = await api('/api/societes/' + encodeURIComponent(societe.id) + '/destroy-tenant', { method: 'DELETE' });
  state.afterJob = { jobId: accepted.jobId, kind: 'destroy' };
  location.hash = '#/jobs/' + accepted.jobId;
}

// ---- small builders

function tableRow(...cells) {
  const row = document.createElement('tr');
  row.append(...cells);
  return row;
}

function cell(value, className) {
  const td = document.createElement('td');
  td.textContent = value == null ? '' : String(value);
  if (className) td.className = className;
  return td;
}

function linkCell(link) {
  const td = document.createElement('td');
  td.append(link);
  return td;
}

function paragraph(text, id) {
  const p = document.createElement('p');
  p.textContent = text;
  if (id) p.id = id;
  return p;
}

function actionButton(text, className, action, id) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = text;
  if (className) button.className = className;
  if (id) button.id = id;
  button.addEventListener('click', () => action().catch(report));
  return button;
}

function statusBadge(status, id) {
  const badge = document.createElement('span');
  badge.className = 'status status-' + status;
  badge.textContent = status;
  if (id) badge.id = id;
  return badge;
}

function statusCell(status, className) {
  const td = document.createElement('td');
  td.append(statusBadge(status));
  if (className) td.className = className;
  return td;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString('sv-SE') : '';
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString('sv-SE') : '?';
}

function millis(value) {
  return value < 1000 ? value + ' ms' : (value / 1000).toFixed(1) + ' s';
}

function duration(startedAt, finishedAt) {
  return startedAt && finishedAt ? millis(new Date(finishedAt) - new Date(startedAt)) : '';
}

function bytes(value) {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let size = Number(value);
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return (unit === 0 ? size : size.toFixed(1)) + ' ' + units[unit];
}

// ---- wiring

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  $('api-key').value = '';
  logIn(key);
});
$('logout').addEventListener('click', () => logOut());
$('list-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  state.listPage = 0;
  clearTimeout(state.timer);
  loadList().catch(report);
});
$('list-previous').addEventListener('click', () => { state.listPage--; clearTimeout(state.timer); loadList().catch(report); });
$('list-next').addEventListener('click', () => { state.listPage++; clearTimeout(state.timer); loadList().catch(report); });
$('create-form').addEventListener('submit', (event) => submitCreate(event).catch(report));
$('job-retry').addEventListener('click', () => retryJob(state.job.id).catch(report));
$('destroy-code').addEventListener('input', () => {
  $('destroy-confirm-button').disabled = $('destroy-code').value !== (state.societe && state.societe.code);
});
$('destroy-confirm').addEventListener('submit', (event) => confirmDestroy(event).catch((error) => {
  $('destroy-confirm-button').disabled = false;
  report(error);
}));
function cancelDestroy() {
  $('destroy-confirm').hidden = true;
  if ($('destroy')) $('destroy').focus();
}
$('destroy-cancel').addEventListener('click', cancelDestroy);
$('destroy-confirm').addEventListener('keydown', (event) => { if (event.key === 'Escape') cancelDestroy(); });
window.addEventListener('hashchange', route);

if (apiKey()) {
  logIn(apiKey());
} else {
  logOut();
}
