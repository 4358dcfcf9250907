'use strict';
// The ops page's Servers section: each PostgreSQL server's load, status and capacity, changed in place.
// Uses api(), $, row(), cell(), statusBadge() and report() of ops.js.

const STATUSES = ['ACTIVE', 'DRAINING', 'DISABLED'];

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
  change.append(select, ' ', capacity, ' ', save);
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
