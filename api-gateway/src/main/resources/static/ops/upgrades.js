'use strict';
// The ops page's Upgrades section: campaigns with their progress, the failed tenants of the one
// selected, and its buttons. Uses api(), $, row(), cell(), statusBadge() and report() of ops.js.

const upgrades = { campaigns: [], selected: null, timer: null };
const ACTIVE_CAMPAIGN = new Set(['RUNNING', 'PAUSED']);
const CAMPAIGN_ACTIONS = [
  // [action, label, statuses it applies in, whether it is destructive]
  ['pause', 'Pause', ['RUNNING'], false],
  ['resume', 'Resume', ['PAUSED'], false],
  ['retry-failed', 'Retry failed', ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED'], false],
  ['abort', 'Abort', ['RUNNING', 'PAUSED'], true],
];

function showUpgrades() {
  $('upgrades-panel').hidden = false;
  refreshUpgrades().catch(report);
}

function hideUpgrades() {
  clearTimeout(upgrades.timer);
  upgrades.campaigns = [];
  upgrades.selected = null;
  $('campaigns').tBodies[0].replaceChildren();
  $('campaign-failures-panel').hidden = true;
  $('upgrades-panel').hidden = true;
}

async function refreshUpgrades() {
  const page = await api('/api/ops/upgrades?size=10');
  upgrades.campaigns = page.content;
  renderCampaigns();
  if (upgrades.selected) await showFailures(upgrades.selected);
  clearTimeout(upgrades.timer);
  const busy = upgrades.campaigns.some((campaign) => campaign.status === 'RUNNING');
  $('upgrades-live').hidden = !busy;
  if (busy && !$('upgrades-panel').hidden) {
    upgrades.timer = setTimeout(() => refreshUpgrades().catch(report), POLL_MILLIS);
  }
}

function renderCampaigns() {
  const rows = upgrades.campaigns.map((campaign) => {
    const done = campaign.counts.SUCCEEDED + campaign.counts.FAILED + campaign.counts.SKIPPED;
    const progress = document.createElement('progress');
    progress.max = Math.max(campaign.tenants, 1);
    progress.value = done;
    progress.setAttribute('aria-label', done + ' of ' + campaign.tenants + ' tenants done');
    const progressCell = cell(' ' + done + ' / ' + campaign.tenants, 'campaign-progress');
    progressCell.prepend(progress);
    const status = document.createElement('td');
    status.className = 'campaign-status';
    status.append(statusBadge(campaign.status));
    const tr = row(cell(time(campaign.createdAt)), cell(campaign.targetVersion), status, progressCell,
      cell(campaign.counts.FAILED, 'campaign-failed'), cell(campaign.reason, 'wrap'), actionsOf(campaign));
    tr.className = 'campaign';
    tr.dataset.campaignId = campaign.id;
    tr.tabIndex = 0;
    tr.addEventListener('click', () => showFailures(campaign.id).catch(report));
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') showFailures(campaign.id).catch(report);
    });
    return tr;
  });
  $('campaigns').tBodies[0].replaceChildren(...rows);
}

function actionsOf(campaign) {
  const td = document.createElement('td');
  td.className = 'actions';
  for (const [action, label, statuses, destructive] of CAMPAIGN_ACTIONS) {
    if (!statuses.includes(campaign.status)) continue;
    if (action === 'retry-failed' && campaign.counts.FAILED === 0) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.className = 'campaign-' + action + (destructive ? ' danger' : '');
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      steer(campaign.id, action, label).catch(report);
    });
    td.append(button);
  }
  return td;
}

async function steer(campaignId, action, label) {
  const campaign = await api('/api/ops/upgrades/' + campaignId + '/' + action, 'POST');
  const message = $('upgrades-message');
  message.textContent = label + ': campaign to version ' + campaign.targetVersion + ' is now ' + campaign.status;
  message.hidden = false;
  await refreshUpgrades();
}

async function showFailures(campaignId) {
  upgrades.selected = campaignId;
  const detail = await api('/api/ops/upgrades/' + campaignId + '?status=FAILED&size=100');
  const rows = detail.ledger.content.map((tenant) => {
    const tr = row(cell(tenant.societeCode), cell(tenant.databaseName), cell(tenant.fromVersion), cell(tenant.attempts),
      cell(tenant.error, 'error wrap'));
    tr.className = 'failed-tenant';
    return tr;
  });
  $('campaign-failures-title').textContent = 'Failed tenants of the campaign to version ' + detail.campaign.targetVersion
    + ' (' + detail.ledger.totalElements + ')';
  $('campaign-failures').tBodies[0].replaceChildren(...rows);
  $('campaign-failures-panel').hidden = false;
}
