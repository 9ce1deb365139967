// Wiring: topics -> stream -> store -> view. History fills a new tab at once and again after
// each (re)connect (only what is newer), so nothing is missed; the store drops duplicates.
import { Store } from './store.js';
import { Receipts } from './receipts.js';
import { connectStream } from './stream.js';
import * as topics from './topics.js';
import { renderList, renderStatus, renderTopics, refreshTimes } from './view.js';
import { desktopState, toggleDesktop, showDesktop, watchPermission } from './desktop.js';

const $ = sel => document.querySelector(sel);
const list = $('#notes');
const statusBox = $('#status');
const announcer = $('#announcer');
const BASE_TITLE = 'Herald';

// A link with ?token= (a subscriber token from an operator) becomes the herald_token cookie, which
// the stream (also in the shared worker) and history send by themselves; the address bar drops it.
const linkToken = new URLSearchParams(location.search).get('token');
if (linkToken) {
  document.cookie = `herald_token=${encodeURIComponent(linkToken)}; path=/; SameSite=Strict`;
  const url = new URL(location.href);
  url.searchParams.delete('token');
  history.replaceState(null, '', url);
}

let chosen = topics.load();
topics.save(chosen); // the URL shows what is subscribed; the next visit to / remembers it
let status = { state: 'connecting', retryAt: null };
let streamStatus = status;
const STATE_ANNOUNCE = { live: 'Connected, live', reconnecting: 'Connection lost, reconnecting', offline: 'Offline' };

// What the stream reports, unless this browser itself says it is offline (the worker may not hear).
function showStatus() {
  const s = navigator.onLine === false ? { state: 'offline', retryAt: null } : streamStatus;
  if (s.state !== status.state && STATE_ANNOUNCE[s.state]) announce(STATE_ANNOUNCE[s.state]);
  status = s;
  renderStatus(statusBox, status);
}
addEventListener('online', showStatus);
addEventListener('offline', showStatus);

const store = new Store(s => {
  renderList(list, s.list());
  $('#empty').hidden = s.byId.size > 0;
  document.title = s.unread > 0 ? `(${s.unread}) ${BASE_TITLE}` : BASE_TITLE;
});

const receipts = new Receipts();

function announce(text) {
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers repeat even identical messages.
  setTimeout(() => { announcer.textContent = text; }, 50);
}

async function loadHistory() {
  const q = new URLSearchParams();
  for (const t of topics.withBroadcast(chosen)) q.append('topic', t);
  const after = store.latestId();
  if (after != null) q.set('after', String(after));
  q.set('limit', '100');
  try {
    const res = await fetch(`/notifications?${q}`, { headers: { Accept: 'application/json' } });
    if (res.status === 401 || res.status === 403) {
      // The stream will be refused too; say why instead of only retrying.
      const body = await res.json().catch(() => ({}));
      $('#denied').hidden = false;
      $('#denied-detail').textContent = body.detail || '';
      return;
    }
    $('#denied').hidden = true;
    if (!res.ok) return;
    const body = await res.json();
    const fresh = store.add(body.notifications.filter(n => topics.matches(n, topics.withBroadcast(chosen))));
    receipts.delivered(fresh.map(n => n.id));
  } catch { /* offline: the stream's indicator already says so */ }
}

// What the newest history page no longer lists (retracted or expired while this page was away)
// leaves the page too. Only ids the page covers are judged: newer live ones stay.
async function reconcile() {
  const q = new URLSearchParams();
  for (const t of topics.withBroadcast(chosen)) q.append('topic', t);
  q.set('limit', '100');
  try {
    const res = await fetch(`/notifications?${q}`, { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const body = await res.json();
    const listed = new Set(body.notifications.map(n => n.id));
    const from = body.hasMore && body.notifications.length ? body.notifications[0].id : 0;
    for (const id of [...store.byId.keys()]) {
      if (id >= from && id <= body.latestId && !listed.has(id)) retract(id);
    }
  } catch { /* offline */ }
}

function retract(id) {
  receipts.forget(id);
  if (store.remove(id)) announce('A notification was withdrawn');
}

let stream = null;
stream = connectStream({
  topics: topics.withBroadcast(chosen),
  lastId: () => store.latestId(),
  viewed,
  transport: new URLSearchParams(location.search).get('transport') || undefined,
  on: {
    status(s) {
      document.documentElement.dataset.transport = stream?.transport ?? '';
      streamStatus = s;
      showStatus();
    },
    live(hello) {
      $('#gap').hidden = true;
      receipts.setConnection(hello?.connection);
      loadHistory().then(reconcile);
    },
    retract(r) { if (typeof r?.id === 'number') retract(r.id); },
    reset() {
      $('#gap').hidden = false;
      store.clear();
      loadHistory();
    },
    event(n, alert) {
      if (!topics.matches(n, topics.withBroadcast(chosen))) return;
      const away = !viewed();
      const fresh = store.add([n], { live: true, hidden: away });
      if (!fresh.length) return;
      receipts.delivered([n.id]);
      list.querySelector(`li[data-id="${n.id}"]`)?.classList.add('new');
      announce(`${n.level || 'info'}: ${n.title || n.message}`);
      if (alert && away) showDesktop(n, focusNote);
    },
  },
});
document.documentElement.dataset.transport = stream.transport;

function focusNote(n) {
  const li = list.querySelector(`li[data-id="${n.id}"]`);
  li?.scrollIntoView({ block: 'center' });
  li?.querySelector('article')?.focus();
}

// Topics
function removeTopic(t) {
  applyTopics(chosen.filter(x => x !== t));
  $('#topic-input').focus(); // the removed chip's button had focus
}
function applyTopics(next) {
  chosen = next;
  topics.save(chosen);
  renderTopicPanel();
  store.clear();
  stream.setTopics(topics.withBroadcast(chosen));
  loadHistory();
}
$('#topic-form').addEventListener('submit', e => {
  e.preventDefault();
  const input = $('#topic-input');
  const names = topics.parse([input.value]);
  const err = $('#topic-error');
  if (!names.length) {
    err.textContent = 'Topic names use letters, digits and . _ : - (up to 64).';
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  err.textContent = '';
  input.removeAttribute('aria-invalid');
  input.value = '';
  applyTopics([...new Set([...chosen, ...names])]);
});
function renderTopicPanel() {
  renderTopics($('#topic-list'), chosen, removeTopic);
  const n = chosen.length;
  $('#topics-summary').textContent = n ? `${n} topic${n > 1 ? 's' : ''}` : 'Broadcasts only';
}
renderTopicPanel();

// Desktop notifications
const DESKTOP_LABEL = {
  unsupported: 'Desktop alerts unavailable', denied: 'Desktop alerts blocked',
  off: 'Enable desktop alerts', on: 'Desktop alerts on', muted: 'Desktop alerts muted',
};
function renderDesktop(state = desktopState()) {
  const b = $('#desktop');
  b.querySelector('.label').textContent = DESKTOP_LABEL[state];
  b.dataset.state = state;
  b.disabled = state === 'unsupported' || state === 'denied';
}
$('#desktop').addEventListener('click', async e => renderDesktop(await toggleDesktop(e.currentTarget.dataset.state)));
watchPermission(() => renderDesktop());
addEventListener('storage', e => { if (e.key === 'herald.desktop') renderDesktop(); });
renderDesktop();

// Unread: what arrived while the user looked elsewhere (another tab or window); cleared on return.
function viewed() {
  return document.visibilityState === 'visible' && document.hasFocus();
}
const markIfViewed = () => {
  stream.viewedChanged(); // the worker alerts only when no tab showing the event is looked at
  if (viewed()) store.markRead();
};
document.addEventListener('visibilitychange', markIfViewed);
addEventListener('focus', markIfViewed);
addEventListener('blur', markIfViewed);
// Restored from the back/forward cache: the worker has forgotten this tab, so start afresh.
addEventListener('pageshow', e => { if (e.persisted) location.reload(); });
setInterval(() => { if (status.state === 'reconnecting') renderStatus(statusBox, status); }, 1000);

// Once a second: grey out what expired, note what is on screen in a focused tab, send receipts.
function tick() {
  for (const n of store.expired()) {
    const li = list.querySelector(`li[data-id="${n.id}"]`);
    if (li && !li.classList.contains('expired')) {
      li.classList.add('expired');
      li.querySelector('.meta')?.append(Object.assign(document.createElement('span'),
        { className: 'expired-tag', textContent: 'Expired' }));
    }
  }
  if (viewed()) {
    const seen = [];
    for (const li of list.children) {
      const r = li.getBoundingClientRect();
      if (r.bottom > 0 && r.top < innerHeight && r.height > 0) seen.push(Number(li.dataset.id));
    }
    receipts.seen(seen);
  }
  receipts.flush();
}
setInterval(tick, 1000);
setInterval(() => refreshTimes(list), 30000);
showStatus();
loadHistory();
