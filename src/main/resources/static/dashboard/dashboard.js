// The adapter's dashboard: plain DOM, no framework, no inline script (the CSP allows only 'self').
// The API key lives in sessionStorage (this tab only) and goes with every call as a Bearer token.
// Data is only ever written with textContent, so nothing a record holds can run as markup.
'use strict';

const KEY = 'kfa-api-key';
const $ = (id) => document.getElementById(id);
let caller = null;
let openRecord = null;

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), Accept: 'application/json' },
  });
  const body = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(body?.detail || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

function stateCell(row, state) {
  const span = document.createElement('span');
  span.textContent = state;
  span.className = 'state-' + state;
  cell(row, '', 'state').appendChild(span);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function clear(tableId) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  return body;
}

async function login(event) {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('api-key').value.trim());
  $('login-error').textContent = '';
  try {
    caller = await api('/api/v1/whoami');
    await api('/api/v1/overview');   // refused (403) for a key without the operator role
  } catch (e) {
    sessionStorage.removeItem(KEY);
    caller = null;
    $('login-error').textContent = e.status === 401
      ? 'This key is not known to the adapter.'
      : e.status === 403 ? 'Refused: ' + e.message : 'Cannot reach the adapter: ' + e.message;
    return;
  }
  $('login-panel').hidden = true;
  $('dashboard').hidden = false;
  $('logout').hidden = false;
  $('who').hidden = false;
  $('who').textContent = caller.name + ' (' + caller.role + ')';
  await refresh();
}

function logout() {
  sessionStorage.removeItem(KEY);
  location.reload();
}

async function refresh() {
  try {
    await Promise.all([loadOverview(), loadDeadLetters(), loadRecords(), loadAudit()]);
    if (openRecord) await showRecord(openRecord.kind, openRecord.sourceId);
  } catch (e) {
    $('message').textContent = 'Refresh failed: ' + e.message;
  }
}

async function loadOverview() {
  const overview = await api('/api/v1/overview');
  const ehr = overview.ehr;
  $('ehr-reachable').textContent = ehr.reachable ? 'reachable' : 'unreachable';
  $('ehr-reachable').className = 'badge ' + (ehr.reachable ? 'up' : 'down');
  $('ehr-target').textContent = ehr.target;
  $('ehr-dialect').textContent = ehr.dialect;
  $('ehr-detail').textContent = ehr.detail + ' (' + when(ehr.checkedAt) + ')';
  $('queue-waiting').textContent = overview.waiting;
  $('queue-oldest').textContent = when(overview.oldestWaitingSince);
  const counts = clear('counts');
  for (const [state, byKind] of Object.entries(overview.recordsByState)) {
    if (state === 'received') continue;   // never persisted: a stored record is pending at once
    const row = counts.insertRow();
    row.dataset.state = state;
    cell(row, state);
    for (const kind of ['session', 'vitals', 'questionnaire']) cell(row, byKind[kind] || 0);
  }
  const routes = clear('routes');
  for (const route of overview.routes) {
    const row = routes.insertRow();
    row.dataset.route = route.id;
    cell(row, route.id);
    cell(row, route.status, route.status === 'Started' ? '' : 'error');
    cell(row, route.from);
  }
}

async function loadDeadLetters() {
  const { deadLetters } = await api('/api/v1/dead-letters');
  const body = clear('dead-letters');
  for (const letter of deadLetters) {
    const row = body.insertRow();
    row.dataset.record = letter.kind + '/' + letter.sourceId;
    cell(row, letter.kind + ' ' + letter.sourceId + ' r' + letter.revision);
    stateCell(row, letter.state);
    cell(row, letter.attempts);
    cell(row, letter.lastError);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'replay';
    button.textContent = 'Replay';
    button.addEventListener('click', () => replay(letter));
    cell(row, '').appendChild(button);
  }
}

async function replay(letter) {
  try {
    await api('/api/v1/dead-letters/' + letter.id + '/replay', { method: 'POST' });
    $('message').textContent = 'Replaying ' + letter.kind + ' ' + letter.sourceId + '.';
    openRecord = { kind: letter.kind, sourceId: letter.sourceId };
  } catch (e) {
    $('message').textContent = 'Replay refused: ' + e.message;
  }
  await refresh();
}

function localToIso(value) {
  return value ? new Date(value).toISOString() : '';
}

async function loadRecords() {
  const query = new URLSearchParams({
    kind: $('filter-kind').value, state: $('filter-state').value,
    since: localToIso($('filter-since').value), until: localToIso($('filter-until').value), limit: '100',
  });
  const { records } = await api('/api/v1/records?' + query);
  const body = clear('records');
  for (const record of records) {
    const row = body.insertRow();
    row.className = 'clickable';
    row.dataset.record = record.kind + '/' + record.sourceId;
    cell(row, record.kind + ' ' + record.sourceId + ' r' + record.revision);
    cell(row, record.mrn);
    stateCell(row, record.state);
    cell(row, record.attempts);
    cell(row, when(record.receivedAt));
    row.addEventListener('click', () => showRecord(record.kind, record.sourceId));
  }
}

async function showRecord(kind, sourceId) {
  const record = await api('/api/v1/records/' + encodeURIComponent(kind) + '/' + encodeURIComponent(sourceId));
  openRecord = { kind, sourceId };
  $('timeline-section').hidden = false;
  $('timeline-title').textContent = kind + ' ' + sourceId + ' (revision ' + record.revision + ')';
  $('timeline-mrn').textContent = record.mrn;
  $('timeline-state').textContent = record.state;
  $('reveal-mrn').hidden = caller.role !== 'admin' || record.purgedAt;
  const events = [
    ...record.submissions.map((s) => ({ at: s.at, text: 'revision ' + s.revision + ' received from ' + s.submittedBy })),
    ...record.attemptLog.map((a) => ({
      at: a.attemptedAt,
      text: 'attempt (revision ' + a.revision + '): ' + a.outcome + (a.httpStatus ? ' · HTTP ' + a.httpStatus : ''),
      detail: a.detail,
    })),
    ...record.replays.map((r) => ({ at: r.replayedAt, text: 'replayed from ' + r.previousState + ' by ' + r.replayedBy })),
  ];
  if (record.purgedAt) events.push({ at: record.purgedAt, text: 'body purged (retention)' });
  events.sort((a, b) => new Date(a.at) - new Date(b.at));
  const list = $('timeline');
  list.replaceChildren();
  for (const event of events) {
    const item = document.createElement('li');
    item.textContent = when(event.at) + ' — ' + event.text;
    if (event.detail) {
      const detail = document.createElement('div');
      detail.className = 'detail';
      detail.textContent = event.detail;
      item.appendChild(detail);
    }
    list.appendChild(item);
  }
  showDeliveryReport(record);
  const ids = $('fhir-ids');
  ids.replaceChildren();
  for (const id of record.fhirIds || []) {
    const item = document.createElement('li');
    item.textContent = id.type + '/' + id.id + (id.version ? ' (version ' + id.version + ')' : '');
    ids.appendChild(item);
  }
}

// What the EHR's write plan sent, what only the clinical note carries and what this EHR takes in no form,
// each with the plan's reason: nothing a plan leaves out is hidden from the operator.
function showDeliveryReport(record) {
  const list = $('delivery-report');
  list.replaceChildren();
  $('report-revision').textContent = record.reportRevision ? '(revision ' + record.reportRevision + ')' : '';
  const line = (text, why, className) => {
    const item = document.createElement('li');
    item.className = className;
    item.textContent = text;
    if (why) {
      const reason = document.createElement('div');
      reason.className = 'why';
      reason.textContent = why;
      item.appendChild(reason);
    }
    list.appendChild(item);
  };
  if (!record.sent) {
    line('not sent under a write plan yet', null, 'none');
    return;
  }
  const sent = Object.entries(record.sent);
  if (sent.length === 0) line('sent: nothing', null, 'sent');
  for (const [type, count] of sent) line('sent: ' + count + ' ' + type, null, 'sent');
  for (const part of record.inNote) line('in the note only: ' + part.count + ' ' + part.type, part.why, 'in-note');
  for (const part of record.notSent) line('not sent: ' + part.count + ' ' + part.type, part.why, 'not-sent');
}

async function revealMrn() {
  if (!openRecord) return;
  try {
    const revealed = await api('/api/v1/records/' + encodeURIComponent(openRecord.kind) + '/'
      + encodeURIComponent(openRecord.sourceId) + '/reveal-mrn', { method: 'POST' });
    $('timeline-mrn').textContent = revealed.mrn;
    await loadAudit();
  } catch (e) {
    $('message').textContent = 'Reveal refused: ' + e.message;
  }
}

async function loadAudit() {
  const { events } = await api('/api/v1/audit?limit=50');
  const body = clear('audit');
  for (const event of events) {
    const row = body.insertRow();
    cell(row, when(event.at));
    cell(row, event.actor);
    cell(row, event.action);
    cell(row, event.kind + ' ' + event.sourceId + ' r' + event.revision);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('refresh').addEventListener('click', refresh);
  $('reveal-mrn').addEventListener('click', revealMrn);
  $('filters').addEventListener('submit', (event) => { event.preventDefault(); loadRecords(); });
  // keep the page current while it is open (the delivery loop runs every half second)
  setInterval(() => { if (caller) refresh(); }, 3000);
});
