// Wiring: topics -> stream -> store -> view. History fills a new tab at once and again after
// each (re)connect (only what is newer), so nothing is missed; the store drops duplicates.
// "Load older" pages back from the oldest shown (older.js); those pages are kept through the next 200 live
// arrivals (store.js: the list stays bounded in a tab left open for days). What is new, by whichever path,
// goes through arrivals.js; scrolled down, a batch past the cap waits behind the bar (newbar.js).
import { Store } from './store.js';
import { Receipts } from './receipts.js';
import { connectStream } from './stream.js';
import * as topics from './topics.js';
import { wireTopicPanel } from './topicpanel.js';
import * as token from './token.js';
import { showDenied, showRefused, showHistoryError, showBackfillTrouble } from './notices.js';
import { fetchPage, reconcile } from './history.js';
import { trackCoverage } from './backfill.js';
import { trackArrivals } from './arrivals.js';
import { renderNewBar, wireNewBar } from './newbar.js';
import { wireLoadOlder } from './older.js';
import { renderList, renderStatus, refreshTimes, lastOnScreen, onScreen, markExpired } from './view.js';
import { wireDesktopButton, endBurst } from './desktop.js';
import { createAnnouncer } from './announcer.js';
import { renderKeepingFocus } from './keepfocus.js';

const $ = sel => document.querySelector(sel);
const list = $('#notes');
const statusBox = $('#status');
const announcer = createAnnouncer($('#announcer'));
const announce = announcer.say;
const BASE_TITLE = 'Herald';

const tokenFromLink = token.takeFromLink();

let status = { state: 'connecting', retryAt: null };
let streamStatus = status;
let historyDenied = null;  // 401/403 from /notifications
let historyFailed = false; // the list's last load failed otherwise (a 5xx): the page says so instead
const STATE_ANNOUNCE = {
  live: 'Connected, live', reconnecting: 'Connection lost, reconnecting', offline: 'Offline',
  denied: 'The server refused the connection',
};

// A topic change reopens the stream on purpose: "Connection lost" would be untrue; the change itself was
// said. Quiet only for that reopen (reconnecting without a retry time) and the live that ends it; a retry
// that is scheduled means a real failure and is said, and so is whatever holds when the quiet runs out.
let topicsChanging = false;
let topicsQuietTimer = null;
function quietForTopicChange() {
  topicsChanging = true;
  clearTimeout(topicsQuietTimer);
  topicsQuietTimer = setTimeout(() => {
    topicsChanging = false;
    if (status.state !== 'live' && STATE_ANNOUNCE[status.state]) announce(STATE_ANNOUNCE[status.state]);
  }, 5000);
}
function quietNow(s) {
  return topicsChanging && (s.state === 'connecting' || s.state === 'live' || (s.state === 'reconnecting' && s.retryAt == null));
}

// The topics panel owns the choice; a change reopens the stream and starts the list over.
const panel = wireTopicPanel({
  announce,
  changing: quietForTopicChange, // until the stream is live again (or 5 s: the shared stream may carry them already)
  changed(next) {
    stream.setTopics(topics.withBroadcast(next));
    startOver();
  },
});
const chosen = () => panel.chosen();

// What the stream reports, unless this browser itself says it is offline (the worker may not hear).
function showStatus() {
  const s = navigator.onLine === false ? { state: 'offline', retryAt: null } : streamStatus;
  const failedAfterReopen = topicsChanging && s.state === 'reconnecting' && s.retryAt != null && status.retryAt == null;
  if ((s.state !== status.state || failedAfterReopen) && STATE_ANNOUNCE[s.state] && !quietNow(s)) {
    announce(STATE_ANNOUNCE[s.state]);
  }
  if ((s.state === 'live' && status.state !== 'live') || (s.state !== status.state && !quietNow(s)) || failedAfterReopen) {
    topicsChanging = false;
    clearTimeout(topicsQuietTimer);
  }
  status = s;
  renderStatus(statusBox, status);
  const retry = $('#retry');
  const retryGoes = !retry.hidden && !(status.state === 'reconnecting' || status.state === 'denied');
  if (retryGoes && document.activeElement === retry) statusBox.focus(); // not lost to the page's body
  retry.hidden = !(status.state === 'reconnecting' || status.state === 'denied');
  showDenied(status.state === 'denied' ? status : historyDenied);
  renderEmpty();
}

// The list's newest page has answered: until then an empty list is not known to be empty (a slow
// network, a server that is down when the page opens, a topic change reloading the list).
let listLoaded = false;
function renderEmpty() {
  // "New ones appear here the moment they are sent" is not true while the server refuses the stream.
  $('#empty').hidden = store.byId.size > 0 || status.state === 'denied' || !!historyDenied || historyFailed;
  $('#empty-loading').hidden = listLoaded;
  $('#empty-none').hidden = !listLoaded;
}
addEventListener('online', showStatus);
addEventListener('offline', showStatus);

const store = new Store(s => {
  renderKeepingFocus(list, () => renderList(list, s.list())); // a card leaving with focus in it hands focus on
  renderEmpty();
  older.render();
  if (!renderNewBar($('#new-bar'), s.waiting())) announcer.waiting(0); // gone: no count is said after it
  document.title = s.unreadCount() > 0 ? `(${s.unreadCount()}) ${BASE_TITLE}` : BASE_TITLE;
});

const receipts = new Receipts();
const mine = notes => notes.filter(n => topics.matches(n, topics.withBroadcast(chosen())));
const older = wireLoadOlder($('#older'), { store, receipts, topics: () => topics.withBroadcast(chosen()), announce,
  missing: () => coverage.pending().filter(t => chosen().includes(t)) });
// Scrolled down, the user reads what is on screen or above it: arrivals must not drop it (at the top they push it out of sight).
const scrolledDown = () => scrollY > 0;
store.oldestRead = () => (scrolledDown() ? lastOnScreen(list) : null);
const { focusNote } = wireNewBar($('#show-new'), list, store); // focusNote: a desktop alert was clicked
const arrivals = trackArrivals({ store, list, announcer, receipts, viewed, scrolledDown, focusNote,
  route: notes => stream.route(notes, listLog) });
// The log the list's ids come from (hello's `log`), and the one the stream names now. They differ from a
// hello naming a new log until its reset: what a page brings then is the old log's, and the stream's owner
// drops a route tagged with a log not its own (in a new log those ids name other notifications).
let listLog = null;
let streamLog = null;
// Topics the stream carries again after leaving them out: what they missed, merged page by page.
const coverage = trackCoverage(store, { merge: notes => arrivals.backfill(mine(notes)), notice: showBackfillTrouble,
  changed: () => older.render() });
$('#backfill-retry').addEventListener('click', () => coverage.retryNow());

// The list starts over (a new log, other topics, another token): everything loads anew.
function startOver({ carry = false } = {}) {
  const loaded = listLoaded; // an empty list not yet loaded is not known to be empty (store.clear)
  listLoaded = false;
  store.clear({ carry, loaded });
  coverage.listStartedOver();
  loadHistory();
}

async function loadHistory() {
  const after = store.latestId();
  const era = store.era;
  try {
    const { res, body } = await fetchPage(topics.withBroadcast(chosen()), { after });
    // The list started over meanwhile (a new log, topics, token): this page belongs to the old one,
    // and its ids after `after` would sit beside the new list's with a hole between them.
    if (era !== store.era) return;
    historyDenied = res.status === 401 || res.status === 403 ? body : null;
    historyFailed = !res.ok && !historyDenied;
    showStatus();
    // Anything else not OK is shown too: an empty list must not pretend there is nothing.
    showHistoryError(res.ok || historyDenied ? null : { status: res.status, ...body });
    if (!res.ok) return;
    // After the newest held, what the page brings is new (since the stream's hello); a full page means more follow.
    arrivals.page(mine(body.notifications), { more: after != null && body.hasMore, newest: after == null });
    // The newest page: is there anything before it, and what a backfill brings from now on is news.
    if (after == null) { store.setComplete(!body.hasMore); arrivals.listStarted(body.latestId); }
    listLoaded = true;
    renderEmpty();
  } catch { /* offline: the stream's indicator already says so */ }
}

function retract(id, forever = true) {
  receipts.forget(id);
  if (store.remove(id, { forever })) announce('A notification was withdrawn');
}

let stream = null;
stream = connectStream({
  topics: topics.withBroadcast(chosen()),
  lastId: () => store.latestId(),
  viewed,
  transport: new URLSearchParams(location.search).get('transport') || undefined,
  on: {
    status(s) {
      // Receipts wait for the next stream's hello: the server no longer knows this one.
      if (s.state !== 'live') receipts.setConnection(null);
      document.documentElement.dataset.transport = stream?.transport ?? '';
      streamStatus = s;
      showStatus();
    },
    live(hello) {
      $('#gap').hidden = true;
      streamLog = hello?.log ?? null;
      listLog ??= streamLog;
      receipts.setConnection(hello?.connection);
      renderToken(); // another tab may have brought or forgotten the token: the stream reopened for it
      arrivals.hello(hello); // before the refill: what it brings after the newest held is new
      // The refill asks for what is newer than the newest id held; the backfill for what topics carried again missed.
      // What the history no longer lists may only be hidden (no token for a private topic): not kept out.
      loadHistory().then(() => reconcile(topics.withBroadcast(chosen()), store, id => retract(id, false)));
      coverage.fill(chosen());
    },
    retract(r) { if (typeof r?.id === 'number') retract(r.id); },
    reset(r) {
      $('#gap').hidden = false;
      if (r?.reason === 'new-log') receipts.clear(); // same ids, other notifications
      listLog = streamLog;
      startOver({ carry: true }); // the user may be away: what was unread stays so, what came meanwhile is news
    },
    refused(r) {
      const refused = panel.refused(r);
      coverage.leftOutNow(refused.map(x => x.topic));
      showRefused(refused);
    },
    events(batch) { arrivals.events(batch.filter(e => mine([e.n]).length)); }, // one per task: a replay brings thousands
  },
});
document.documentElement.dataset.transport = stream.transport;
if (tokenFromLink) stream.tokenChanged(); // topics refused without it get another try

$('#retry').addEventListener('click', () => stream.retryNow());

// Token
function renderToken() { $('#token-line').hidden = !token.inUse(); }
$('#forget-token').addEventListener('click', () => {
  token.forget();
  renderToken();
  stream.tokenChanged();
  startOver();
  $('#topic-input').focus(); // the button just disappeared
});
renderToken();

wireDesktopButton($('#desktop'), $('#desktop-hint'));

// Unread: what arrived while the user looked elsewhere (another tab or window); cleared on return.
function viewed() {
  return document.visibilityState === 'visible' && document.hasFocus();
}
function lookedAtOrAway() {
  stream.viewedChanged(); // the worker alerts only when no tab showing the event is looked at
  renderToken(); // the cookie is the browser's: another tab (a direct stream's too) may have changed it
  if (!viewed()) return;
  store.markRead(); endBurst(); // seen: the next alert is news again
  // Back to the page after a while: no need to sit out a long backoff.
  if (status.state === 'reconnecting' && status.retryAt - Date.now() > 3000) stream.retryNow();
}
document.addEventListener('visibilitychange', lookedAtOrAway);
addEventListener('focus', lookedAtOrAway);
addEventListener('blur', lookedAtOrAway);
// Restored from the back/forward cache: the worker has forgotten this tab, so start afresh.
addEventListener('pageshow', e => { if (e.persisted) location.reload(); });
setInterval(() => { if (status.state === 'reconnecting') renderStatus(statusBox, status); }, 1000);

// Once a second: grey out what expired, note what is on screen in a focused tab, send receipts.
function tick() {
  markExpired(list, store.expired());
  if (viewed()) receipts.seen(onScreen(list));
  receipts.flush();
}
setInterval(tick, 1000);
setInterval(() => refreshTimes(list), 30000);
showStatus();
loadHistory();
