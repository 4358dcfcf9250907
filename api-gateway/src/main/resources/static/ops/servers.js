'use strict';
// The ops page's Servers section: each PostgreSQL server's load, status and capacity, changed in place.
// Uses api(), $, row(), cell(), statusBadge() and report() of ops.js.

const STATUSES = ['ACTIVE', 'DRAINING', 'DISABLED'];
const serverJobs = { pendingDrain: null };

function showServers() {
  $('servers-panel').hidden = false;
  loadServers().catch(report);
}

function hideServers() {
  $('servers').tBodies[0].replaceChildren();
  $('servers-message').hidden = true;
  $('servers-panel').hidden = true;
}

async function loadServers() {
  const servers = await api('/api/ops/servers');
  $('servers').tBodies[0].replaceChildren(...servers.map(serverRow));
  const chosen = $('move-server').value;
  $('move-server').replaceChildren(...servers.map((server) => {
    const option = document.createElement('option');
    option.value = server.name;
    option.textContent = server.name + ' (' + server.status + ')';
    option.selected = server.name === chosen;
    return option;
  }));
}

function serverRow(server) {
  const status = document.createElement('td');
  status.className = 'server-status';
  status.append(statusBadge(server.status));
  const change = document.createElement('td');
  const select = document.createElement('select');
  select.className = 'server-status-choice';
  select.setAttribute('aria-label', 'Status of ' + server.name);
  for (const choice of STATUSES) {
    const option = document.createElement('option');
    option.value = choice;
    option.textContent = choice;
    option.selected = choice === server.status;
    select.append(option);
  }
  const capacity = document.createElement('input');
  // text, not number: a browser reads what a number field cannot parse as empty, which here means no limit
  capacity.type = 'text';
  capacity.inputMode = 'numeric';
  capacity.className = 'server-capacity-choice';
  capacity.setAttribute('aria-label', 'Capacity of ' + server.name);
  capacity.value = server.maxTenants == null ? '' : String(server.maxTenants);
  const save = document.createElement('button');
  save.type = 'button';
  save.className = 'server-save';
  save.textContent = 'Save';
  save.addEventListener('click', () => changeServer(server.name, select.value, capacity.value).catch(reportServer));
  const drain = document.createElement('button');
  drain.type = 'button';
  drain.className = 'server-drain danger';
  drain.textContent = 'Drain';
  drain.addEventListener('click', () => proposeDrain(server));
  change.append(select, ' ', capacity, ' ', save, ' ', drain);
  const tr = row(cell(server.name, 'server-name'), cell((server.host || '') + (server.port ? ':' + server.port : '')),
    status, cell(server.tenants, 'server-tenants'), cell(server.maxTenants == null ? 'no limit' : server.maxTenants, 'server-capacity'),
    cell(server.room == null ? '' : server.room, 'server-room'), cell(bytes(server.databaseSizeBytes)), change);
  tr.dataset.server = server.name;
  return tr;
}

async function changeServer(name, status, capacity) {
  const text = capacity.trim();
  // anything but digits goes as typed, for the API to refuse with its reason
  const maxTenants = text === '' ? null : /^[0-9]+$/.test(text) ? Number(text) : text;
  await api('/api/ops/servers/' + encodeURIComponent(name), 'PATCH', { status: status, maxTenants: maxTenants });
  showServersMessage('Server ' + name + ' saved.', false);
  await loadServers();
}

function proposeDrain(server) {
  serverJobs.pendingDrain = server.name;
  $('drain-confirm-text').textContent = 'Move every société of ' + server.name + ' (' + server.tenants
    + ') to other servers? It stops taking new ones (DRAINING).';
  $('drain-confirm').hidden = false;
}

async function drainServer() {
  const name = serverJobs.pendingDrain;
  $('drain-confirm').hidden = true;
  serverJobs.pendingDrain = null;
  const accepted = await api('/api/ops/servers/' + encodeURIComponent(name) + '/drain', 'POST', {});
  showServersMessage('Drain of ' + name + ' started (job ' + accepted.jobId + ').', false);
  await loadServers();
  followServerJob(accepted.jobId, 'Drain of ' + name);
}

async function moveSociete(code, server) {
  const societe = await api('/api/societes/by-code/' + encodeURIComponent(code));
  const accepted = await api('/api/societes/' + societe.id + '/move', 'POST', { server: server });
  showServersMessage('Move of ' + societe.code + ' to ' + server + ' started (job ' + accepted.jobId + ').', false);
  followServerJob(accepted.jobId, 'Move of ' + societe.code);
}

/** Polls the job until it ends, then says how it ended (a move: how long the société was unavailable). */
async function followServerJob(jobId, what) {
  const job = await api('/api/jobs/' + jobId);
  if (job.status !== 'SUCCEEDED' && job.status !== 'FAILED') {
    setTimeout(() => followServerJob(jobId, what).catch(reportServer), POLL_MILLIS / 2);
    return;
  }
  const downtime = job.result && job.result.downtimeMillis != null ? ', unavailable ' + job.result.downtimeMillis + ' ms' : '';
  showServersMessage(what + ': ' + job.status + downtime + (job.status === 'FAILED' ? ' — ' + (job.lastError || job.message) : '')
    + '.', job.status === 'FAILED');
  await loadServers();
}

function reportServer(error) {
  if (error.status === 401 || error.status === 403) {
    report(error);
  } else {
    showServersMessage(error.message, true);
  }
}

function showServersMessage(text, isError) {
  $('servers-message').textContent = text;
  $('servers-message').classList.toggle('error', isError);
  $('servers-message').hidden = false;
}

function bytes(count) {
  if (!count) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return value.toFixed(unit === 0 ? 0 : 1) + ' ' + units[unit];
}

$('servers-refresh').addEventListener('click', () => loadServers().catch(reportServer));
$('drain-confirm-yes').addEventListener('click', () => drainServer().catch(reportServer));
$('drain-confirm-no').addEventListener('click', () => {
  $('drain-confirm').hidden = true;
  serverJobs.pendingDrain = null;
});
$('move-form').addEventListener('submit', (event) => {
  event.preventDefault();
  moveSociete($('move-code').value.trim(), $('move-server').value).catch(reportServer);
});
