'use strict';
// The ops page: every call carries the API key given at login, kept in this tab's sessionStorage only.

const KEY_STORAGE = 'topsteel.ops.apiKey';
const FINISHED = new Set(['SUCCEEDED', 'FAILED']);
const POLL_MILLIS = 2000;
const PAGE_SIZE = 20;

const state = { page: 0, jobs: [], detail: null, pendingBulkRetry: null, timer: null, traceUrlTemplate: '' };
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, method = 'GET') {
  const response = await fetch(path, {
    method,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY_STORAGE), Accept: 'application/json' },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, problemText(response.status, body));
  }
  return body;
}

/** problem+json as one line: its title, and the fields at fault or its detail. */
function problemText(status, problem) {
  if (!problem) return 'HTTP ' + status;
  const fields = (problem.errors || []).map((error) => error.field + ' ' + error.message).join('; ');
  return (problem.title || 'HTTP ' + status) + ': ' + (fields || problem.detail || '');
}

// ---- log in and out

async function logIn(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
  try {
    const config = await api('/api/ops/config');
    $('jobrunr-link').href = config.jobrunrDashboardUrl;
    $('jobrunr-link').hidden = false;
    state.traceUrlTemplate = config.traceUrlTemplate || '';
    $('login-panel').hidden = true;
    $('jobs-panel').hidden = false;
    $('logout').hidden = false;
    $('login-error').hidden = true;
    await refresh();
    showUpgrades();
    showDrift();
    showBackups();
    showPool();
  } catch (error) {
    logOut(refusal(error));
  }
}

function refusal(error) {
  if (error.status === 401) return 'This API key is not valid.';
  if (error.status === 403) return 'Access refused: this API key does not have the ops role.';
  return 'Could not log in: ' + error.message;
}

function logOut(reason) {
  sessionStorage.removeItem(KEY_STORAGE);
  clearTimeout(state.timer);
  state.jobs = [];
  state.detail = null;
  $('jobs').tBodies[0].replaceChildren();
  $('jobs-panel').hidden = true;
  $('detail-panel').hidden = true;
  hideUpgrades();
  hideDrift();
  hideBackups();
  hidePool();
  $('logout').hidden = true;
  $('jobrunr-link').hidden = true;
  $('login-panel').hidden = false;
  $('login-error').textContent = reason || '';
  $('login-error').hidden = !reason;
}

/** A refused call after login (key revoked, role changed) logs out; anything else is shown. */
function report(error) {
  if (error.status === 401 || error.status === 403) {
    logOut(refusal(error));
  } else {
    showMessage(error.message, true);
  }
}

function showMessage(text, isError) {
  $('message').textContent = text;
  $('message').classList.toggle('error', Boolean(isError));
  $('message').hidden = !text;
}

// ---- the job list

function filterQuery() {
  const query = new URLSearchParams();
  const add = (name, value) => { if (value) query.set(name, value); };
  add('status', $('filter-status').value);
  add('type', $('filter-type').value);
  add('societeCode', $('filter-code').value.trim());
  // datetime-local is the operator's local time; the API takes instants
  add('from', $('filter-from').value && new Date($('filter-from').value).toISOString());
  add('to', $('filter-to').value && new Date($('filter-to').value).toISOString());
  return query;
}

async function loadJobs() {
  const query = filterQuery();
  query.set('page', state.page);
  query.set('size', PAGE_SIZE);
  const page = await api('/api/ops/jobs?' + query);
  state.jobs = page.content;
  renderJobs(page);
}

function renderJobs(page) {
  const rows = page.content.map((job) => {
    const row = document.createElement('tr');
    row.className = 'job';
    row.dataset.jobId = job.id;
    row.append(
      cell(time(job.createdAt)),
      cell(job.type),
      cell(job.societeCode + ' — ' + job.societeNom, 'societe'),
      statusCell(job.status, 'job-status'),
      cell(job.attempts),
      cell(job.runs),
      cell(duration(job.startedAt, job.finishedAt)),
      cell(job.lastError || '', 'error'),
      actionCell(job));
    row.title = job.lastError || job.message || '';
    row.addEventListener('click', () => openDetail(job.id).catch(report));
    return row;
  });
  $('jobs').tBodies[0].replaceChildren(...rows);
  $('summary').textContent = page.totalElements + (page.totalElements === 1 ? ' job' : ' jobs');
  $('page-info').textContent = 'page ' + (page.totalPages === 0 ? 0 : page.page + 1) + ' of ' + page.totalPages;
  $('previous-page').disabled = page.page === 0;
  $('next-page').disabled = page.page + 1 >= page.totalPages;
  const status = $('filter-status').value;
  $('bulk-retry').disabled = status !== '' && status !== 'FAILED';
}

function actionCell(job) {
  const td = document.createElement('td');
  const trace = traceLink(job.traceId);
  if (trace) {
    trace.addEventListener('click', (event) => event.stopPropagation());
    td.append(trace);
  }
  if (job.status === 'FAILED') {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'retry danger';
    button.textContent = 'Retry';
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      retry(job.id).catch(report);
    });
    td.append(button);
  }
  return td;
}

// ---- one job

async function openDetail(jobId) {
  const detail = await api('/api/ops/jobs/' + encodeURIComponent(jobId));
  state.detail = detail;
  renderDetail(detail);
  schedule();
}

function renderDetail({ job, webhookDeliveries }) {
  $('detail-panel').hidden = false;
  $('detail-panel').dataset.jobId = job.id;
  $('detail-title').textContent = job.type + ' ' + job.societeCode + ' — ' + job.id;
  $('detail-retry').hidden = job.status !== 'FAILED';
  const fields = [
    ['Status', statusBadge(job.status, 'detail-status')], ['Société', job.societeCode + ' — ' + job.societeNom],
    ['Database', job.databaseName], ['Attempts / runs', job.attempts + ' / ' + job.runs],
    ['Created', time(job.createdAt)], ['Started', time(job.startedAt)],
    ['Finished', time(job.finishedAt)], ['Duration', duration(job.startedAt, job.finishedAt)],
    ['Next attempt', time(job.nextAttemptAt)], ['Updated', time(job.updatedAt)],
    ['Message', job.message || ''], ['Last error', job.lastError || ''],
    ['Trace', traceLink(job.traceId) || job.traceId || ''],
  ];
  $('detail-fields').replaceChildren(...fields.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.append(value);
    if (name === 'Last error' && value) dd.className = 'error';
    return [dt, dd];
  }));
  $('steps').tBodies[0].replaceChildren(...job.steps.map((step) => row(
    cell(step.position), cell(step.name), statusCell(step.status), cell(step.attempts), cell(time(step.startedAt)),
    cell(time(step.finishedAt)), cell(step.durationMillis == null ? '' : step.durationMillis + ' ms'),
    cell(step.lastError || '', 'error wrap'), cell(compensation(step), 'wrap'))));
  $('deliveries').tBodies[0].replaceChildren(...webhookDeliveries.map((delivery) => row(
    cell(delivery.type), cell(delivery.subscriptionId), statusCell(delivery.status), cell(delivery.attempts),
    cell(delivery.lastStatusCode == null ? '' : delivery.lastStatusCode), cell(delivery.lastError || '', 'error wrap'),
    cell(time(delivery.createdAt)), cell(time(delivery.deliveredAt)))));
  if (webhookDeliveries.length === 0) {
    $('deliveries').tBodies[0].replaceChildren(row(cell('No webhook delivery for this job.')));
  }
}

function compensation(step) {
  if (step.compensationError) return 'failed: ' + step.compensationError;
  if (step.compensationFinishedAt) return 'done ' + time(step.compensationFinishedAt);
  if (step.compensationStartedAt) return 'started ' + time(step.compensationStartedAt);
  return '';
}

// ---- retries

async function retry(jobId) {
  await api('/api/jobs/' + encodeURIComponent(jobId) + '/retry', 'POST');
  showMessage('Job ' + jobId + ' retried: it is queued again.');
  await refresh();
}

/** First how many, then, once confirmed, the retry itself. */
async function proposeBulkRetry() {
  const query = filterQuery();
  query.set('dryRun', 'true');
  const outcome = await api('/api/ops/jobs/retry?' + query, 'POST');
  if (outcome.matching === 0) {
    showMessage('No FAILED job matches this filter.');
    return;
  }
  state.pendingBulkRetry = query;
  const taken = outcome.jobIds.length;
  $('bulk-confirm-text').textContent = outcome.matching + ' FAILED job' + (outcome.matching === 1 ? '' : 's')
    + ' match this filter.' + (taken < outcome.matching ? ' The oldest ' + taken + ' will be retried now.' : ' Retry '
    + (taken === 1 ? 'it' : 'all ' + taken) + '?');
  $('bulk-confirm').hidden = false;
}

async function confirmBulkRetry() {
  const query = state.pendingBulkRetry;
  cancelBulkRetry();
  query.set('dryRun', 'false');
  const outcome = await api('/api/ops/jobs/retry?' + query, 'POST');
  const skipped = outcome.skipped.length ? ', ' + outcome.skipped.length + ' skipped ('
    + outcome.skipped.map((skip) => skip.reason).join('; ') + ')' : '';
  showMessage(outcome.retried + ' job' + (outcome.retried === 1 ? '' : 's') + ' retried' + skipped + '.');
  await refresh();
}

function cancelBulkRetry() {
  state.pendingBulkRetry = null;
  $('bulk-confirm').hidden = true;
}

// ---- live refresh: while anything shown can still change

async function refresh() {
  await loadJobs();
  if (state.detail && !$('detail-panel').hidden) {
    await openDetail(state.detail.job.id);
  }
  schedule();
}

function schedule() {
  clearTimeout(state.timer);
  const busy = state.jobs.some((job) => !FINISHED.has(job.status))
    || (state.detail && !$('detail-panel').hidden && !FINISHED.has(state.detail.job.status));
  $('live').hidden = !busy;
  if (busy && sessionStorage.getItem(KEY_STORAGE)) {
    state.timer = setTimeout(() => refresh().catch(report), POLL_MILLIS);
  }
}

// ---- small builders

/** A link to the job's trace in the configured trace viewer, or null without a template or a trace. */
function traceLink(traceId) {
  if (!traceId || !state.traceUrlTemplate) return null;
  const link = document.createElement('a');
  link.className = 'trace-link';
  link.href = state.traceUrlTemplate.replaceAll('{traceId}', encodeURIComponent(traceId));
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Trace';
  link.title = 'Trace ' + traceId;
  return link;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

function cell(value, className) {
  const td = document.createElement('td');
  td.textContent = value == null ? '' : String(value);
  if (className) td.className = className;
  return td;
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

function duration(startedAt, finishedAt) {
  if (!startedAt || !finishedAt) return '';
  const millis = new Date(finishedAt) - new Date(startedAt);
  return millis < 1000 ? millis + ' ms' : (millis / 1000).toFixed(1) + ' s';
}

// ---- wiring

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  logIn($('api-key').value.trim());
  $('api-key').value = '';
});
$('logout').addEventListener('click', () => logOut());
$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  state.page = 0;
  cancelBulkRetry();
  refresh().catch(report);
});
$('previous-page').addEventListener('click', () => { state.page--; refresh().catch(report); });
$('next-page').addEventListener('click', () => { state.page++; refresh().catch(report); });
$('bulk-retry').addEventListener('click', () => proposeBulkRetry().catch(report));
$('bulk-confirm-yes').addEventListener('click', () => confirmBulkRetry().catch(report));
$('bulk-confirm-no').addEventListener('click', cancelBulkRetry);
$('detail-retry').addEventListener('click', () => retry(state.detail.job.id).catch(report));
$('detail-close').addEventListener('click', () => { $('detail-panel').hidden = true; state.detail = null; schedule(); });

if (sessionStorage.getItem(KEY_STORAGE)) {
  logIn(sessionStorage.getItem(KEY_STORAGE));
}
