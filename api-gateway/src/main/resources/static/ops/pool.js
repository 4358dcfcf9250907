'use strict';
// The ops page's Warm pool section: per server, members ready, being created and claimed, refreshed
// every few seconds. Uses api(), $, row(), cell(), report() and POLL_MILLIS of ops.js.

const pool = { timer: null };

function showPool() {
  $('pool-panel').hidden = false;
  loadPool().catch(report);
}

function hidePool() {
  clearTimeout(pool.timer);
  $('pool-servers').tBodies[0].replaceChildren();
  $('pool-panel').hidden = true;
}

async function loadPool() {
  clearTimeout(pool.timer);
  const pools = await api('/api/ops/pool');
  const rows = pools.servers.map((server) => {
    const members = server.members
      .map((member) => member.state + ' v' + member.templateVersion + ' · ' + member.seedFingerprint)
      .join(', ');
    const tr = row(cell(server.server, 'pool-server'), cell(String(server.ready), 'pool-ready'),
      cell(String(server.creating)), cell(String(server.claimed)), cell(members || 'none', 'wrap'));
    tr.dataset.server = server.server;
    return tr;
  });
  $('pool-servers').tBodies[0].replaceChildren(...rows);
  if (!$('pool-panel').hidden) pool.timer = setTimeout(() => loadPool().catch(report), 5 * POLL_MILLIS);
}
