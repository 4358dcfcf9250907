'use strict';
// The ops page's Drift section: the last reconciliation's findings, a dry run and the apply button.
// Uses api(), $, row(), cell(), statusBadge(), time() and report() of ops.js.

const drift = { timer: null };

function showDrift() {
  $('drift-panel').hidden = false;
  loadLastReconciliation().catch(report);
}

function hideDrift() {
  clearTimeout(drift.timer);
  $('drift-findings').tBodies[0].replaceChildren();
  $('drift-summary').hidden = true;
  $('drift-panel').hidden = true;
}

async function loadLastReconciliation() {
  try {
    renderReconciliation(await api('/api/ops/reconcile/last'));
  } catch (error) {
    if (error.status !== 404) throw error;
    showDriftSummary('No reconciliation yet: check the fleet with a dry run.');
  }
}

async function reconcile(dryRun) {
  $('drift-check').disabled = true;
  $('drift-apply').disabled = true;
  try {
    const accepted = await api('/api/ops/reconcile?dryRun=' + dryRun, 'POST');
    renderReconciliation(accepted);
  } catch (error) {
    $('drift-check').disabled = false;
    $('drift-apply').disabled = false;
    throw error;
  }
}

/** Polls an unfinished reconciliation until its report is complete. */
function renderReconciliation(reconciliation) {
  clearTimeout(drift.timer);
  const busy = !reconciliation.finished;
  $('drift-live').hidden = !busy;
  $('drift-check').disabled = busy;
  $('drift-apply').disabled = busy;
  if (busy) {
    showDriftSummary((reconciliation.dryRun ? 'Dry run' : 'Reconciliation') + ' asked for by ' + reconciliation.requestedBy
      + ' is ' + reconciliation.status + '…');
    drift.timer = setTimeout(() => api('/api/ops/reconcile/' + reconciliation.jobId)
      .then(renderReconciliation).catch(report), POLL_MILLIS);
    return;
  }
  const findings = reconciliation.findings;
  const kinds = Object.entries(reconciliation.byKind).map(([kind, count]) => kind + ' ' + count).join(', ');
  showDriftSummary((reconciliation.dryRun ? 'Dry run' : 'Reconciliation') + ' of ' + time(reconciliation.finishedAt || reconciliation.createdAt)
    + ' by ' + reconciliation.requestedBy + ': ' + reconciliation.status + ', '
    + (findings.length === 0 ? 'no drift.' : findings.length + ' finding(s) (' + kinds + ').')
    + (reconciliation.error ? ' ' + reconciliation.error : ''));
  const rows = findings.map((finding) => {
    const severity = document.createElement('td');
    severity.append(statusBadge(finding.severity));
    const outcome = document.createElement('td');
    outcome.className = 'drift-outcome';
    outcome.append(statusBadge(finding.outcome));
    if (finding.outcomeDetail) outcome.append(' ' + finding.outcomeDetail);
    const tr = row(severity, cell(finding.kind, 'drift-kind'), cell(finding.target, 'drift-target'),
      cell(finding.detail, 'wrap'), cell(finding.proposedAction, 'drift-action'), outcome);
    tr.className = 'drift-finding';
    tr.dataset.kind = finding.kind;
    return tr;
  });
  $('drift-findings').tBodies[0].replaceChildren(...rows);
}

function showDriftSummary(text) {
  $('drift-summary').textContent = text;
  $('drift-summary').hidden = false;
}

$('drift-check').addEventListener('click', () => reconcile(true).catch(report));
$('drift-apply').addEventListener('click', () => { $('drift-confirm').hidden = false; });
$('drift-confirm-no').addEventListener('click', () => { $('drift-confirm').hidden = true; });
$('drift-confirm-yes').addEventListener('click', () => {
  $('drift-confirm').hidden = true;
  reconcile(false).catch(report);
});
