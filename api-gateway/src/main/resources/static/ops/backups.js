'use strict';
// The ops page's Backups section: one société's backups and its restore button, the scheduled run
// and a drill on demand, the deleted sociétés and their recovery.
// Uses $, row(), cell(), statusBadge(), time(), report(), problemText(), KEY_STORAGE and POLL_MILLIS of ops.js.

const backups = { societe: null, timer: null, pendingRestore: null };

async function backupApi(path, method, body) {
  const response = await fetch(path, {
    method,
    headers: {
      Authorization: 'Bearer ' + sessionStorage.getItem(KEY_STORAGE),
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, problemText(response.status, answer));
  return answer;
}

function showBackups() {
  $('backups-panel').hidden = false;
  loadDeleted().catch(report);
}

function hideBackups() {
  clearTimeout(backups.timer);
  backups.societe = null;
  $('backups-societe').hidden = true;
  $('backups-summary').hidden = true;
  $('backups').tBodies[0].replaceChildren();
  $('deleted-societes').tBodies[0].replaceChildren();
  $('backups-panel').hidden = true;
}

function showBackupsSummary(text) {
  $('backups-summary').textContent = text;
  $('backups-summary').hidden = false;
}

async function openSocieteBackups(code) {
  backups.societe = await backupApi('/api/societes/by-code/' + encodeURIComponent(code), 'GET');
  await loadBackups();
}

async function loadBackups() {
  clearTimeout(backups.timer);
  const societe = backups.societe;
  if (!societe) return;
  const page = await backupApi('/api/societes/' + societe.id + '/backups?size=50', 'GET');
  const verified = page.content.map((backup) => backup.verifiedAt).filter(Boolean).sort().pop();
  showBackupsSummary(societe.code + ' (' + societe.status + '): ' + page.totalElements + ' backup(s); last verified restore: '
    + (verified ? time(verified) : 'never'));
  const rows = page.content.map((backup) => {
    const action = document.createElement('td');
    if (backup.status === 'SUCCEEDED') {
      const restore = document.createElement('button');
      restore.type = 'button';
      restore.className = 'danger restore';
      restore.textContent = 'Restore…';
      restore.addEventListener('click', () => proposeRestore(backup));
      action.append(restore);
    }
    const tr = row(cell(time(backup.createdAt)), cell(backup.trigger), statusCell(backup.status),
      cell(backup.sizeBytes == null ? '' : (backup.sizeBytes / 1048576).toFixed(1) + ' MB'), cell(backup.schemaVersion || ''),
      cell(backup.sha256 ? backup.sha256.slice(0, 12) + '…' : '', 'mono'), cell(backup.verifiedAt ? time(backup.verifiedAt) : ''),
      action);
    tr.className = 'backup';
    tr.dataset.id = backup.id;
    return tr;
  });
  $('backups').tBodies[0].replaceChildren(...rows);
  $('backups-societe').hidden = false;
  const busy = page.content.some((backup) => backup.status === 'QUEUED' || backup.status === 'RUNNING')
    || societe.status === 'MAINTENANCE';
  $('backups-live').hidden = !busy;
  if (busy) {
    backups.timer = setTimeout(() => backupApi('/api/societes/' + societe.id, 'GET')
      .then((fresh) => { backups.societe = fresh; return loadBackups(); }).catch(report), POLL_MILLIS);
  }
}

function proposeRestore(backup) {
  backups.pendingRestore = backup;
  $('restore-confirm-text').textContent = 'Replace the database of ' + backups.societe.code + ' with the backup of '
    + time(backup.createdAt) + '? The société is in MAINTENANCE meanwhile; its current database is kept until the restore is verified.';
  $('restore-confirm').hidden = false;
}

async function restore() {
  const backup = backups.pendingRestore;
  $('restore-confirm').hidden = true;
  const accepted = await backupApi('/api/societes/' + backups.societe.id + '/restore', 'POST',
    { backupId: backup.id, mode: 'IN_PLACE' });
  showBackupsSummary('Restore asked for: job ' + accepted.jobId);
  backups.societe = await backupApi('/api/societes/' + backups.societe.id, 'GET');
  await loadBackups();
}

async function backUpNow() {
  await backupApi('/api/societes/' + backups.societe.id + '/backups', 'POST');
  await loadBackups();
}

async function fleetJob(path, what) {
  const accepted = await backupApi(path, 'POST');
  showBackupsSummary(what + ' asked for: job ' + accepted.jobId);
}

async function loadDeleted() {
  const page = await backupApi('/api/ops/deleted-societes?size=50', 'GET');
  const rows = page.content.map((deleted) => {
    const recover = document.createElement('td');
    if (deleted.status === 'DELETED') {
      const code = document.createElement('input');
      code.placeholder = 'new code (optional)';
      code.setAttribute('aria-label', 'New code for ' + deleted.code);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'recover';
      button.textContent = 'Recover';
      button.addEventListener('click', () => recoverSociete(deleted, code.value.trim()).catch(report));
      recover.append(code, ' ', button);
    }
    const tr = row(cell(deleted.code), cell(deleted.nom), cell(time(deleted.deletedAt)), cell(time(deleted.purgeAfter)),
      statusCell(deleted.status), recover);
    tr.className = 'deleted-societe';
    tr.dataset.id = deleted.id;
    return tr;
  });
  $('deleted-societes').tBodies[0].replaceChildren(...rows);
}

async function recoverSociete(deleted, code) {
  const accepted = await backupApi('/api/ops/deleted-societes/' + deleted.id + '/recover', 'POST', code ? { code } : undefined);
  showBackupsSummary('Recovery of ' + deleted.code + ' asked for: job ' + accepted.jobId);
  await loadDeleted();
}

$('backups-form').addEventListener('submit', (event) => {
  event.preventDefault();
  openSocieteBackups($('backups-code').value.trim()).catch(report);
});
$('backups-take').addEventListener('click', () => backUpNow().catch(report));
$('backups-run').addEventListener('click', () => fleetJob('/api/ops/backups/run', 'Scheduled backups').catch(report));
$('backups-drill').addEventListener('click', () => fleetJob('/api/ops/backups/drills', 'A restore drill').catch(report));
$('restore-confirm-yes').addEventListener('click', () => restore().catch(report));
$('restore-confirm-no').addEventListener('click', () => { $('restore-confirm').hidden = true; });
