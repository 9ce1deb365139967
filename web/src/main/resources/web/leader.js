// Fallback where SharedWorker is missing (Chrome on Android, for one): the tabs of one browser elect
// a leader with a Web Lock; only the leader holds an EventSource, for the union of every tab's
// topics (as the shared worker does), and relays each event over a BroadcastChannel to the tabs it
// is for, naming the one that raises the desktop alert. When the leader tab closes, its lock passes
// to a waiting tab, which asks every tab for its topics and resumes after the last event relayed.
import { LiveSource } from './source.js';
import { TabRegistry, fromAnotherLog } from './tabs.js';

const CHANNEL = 'herald';
// A new leader waits this long for the other tabs to say what they want before it connects, and
// changes of the wanted topics that come close together cost one reconnect, not one each.
const GATHER_MS = 100;

/**
 * Chrome freezes hidden tabs (on Android, where this path runs, soon after they go to the background).
 * A frozen leader relayed nothing and kept its lock, so no other tab took over: the visible tabs said
 * "Live" and showed nothing until it was thawed. A tab leaves the election when frozen (a leader hands
 * the stream over) and joins it again when resumed, hearing the stream's hello as a new tab does (its
 * history refill brings what it missed).
 * @param {object} o   as for connectStream (topics, lastId(), viewed(), on)
 * @param {string} tab this tab's id
 */
export function joinLeaderElection(o, tab) {
  const now = { ...o }; // its topics follow setTopics: a tab joining again asks for the current ones
  let member = membership(now, tab);
  document.addEventListener('freeze', () => member.stop());
  document.addEventListener('resume', () => { member.stop(); member = membership(now, tab); });
  return {
    get transport() { return member.transport; },
    setTopics(next) { now.topics = next; member.setTopics(next); },
    retryNow() { member.retryNow(); },
    tokenChanged() { member.tokenChanged(); },
    viewedChanged() { member.viewedChanged(); },
    route(notes, log) { member.route(notes, log); },
  };
}

function membership(o, tab) {
  const channel = new BroadcastChannel(CHANNEL);
  const quit = new AbortController(); // lock requests still waiting when the tab leaves
  let releaseLife = null;
  let topics = o.topics;
  let cursor = null;   // the newest event id any leader relayed: where a new leader resumes
  let leader = null;   // set while this tab leads
  let stopped = false;
  let held = false;     // this tab holds its life lock: only then may the leader wait on it
  let focusedAt = o.viewed() ? Date.now() : 0; // kept here too: a new leader asks for it
  // Routes this tab posted that no leader acknowledged: one posted while no tab leads (the old one
  // closed, the next not elected yet) was lost, and that late one raised no alert. Posted again on roll.
  const unrouted = new Map(); // id -> notification
  let unroutedLog = null;     // the log they came from (all of them: a reset clears them)
  const post = msg => { if (!stopped) channel.postMessage(msg); };
  const join = () => { if (held) post({ type: 'join', tab, topics, viewed: o.viewed(), focusedAt }); };

  // What every tab hears from the leader (the leader tells itself directly, see lead()).
  const hear = data => {
    if (data.only != null && data.only !== tab) return;
    if (data.cursor != null && (cursor == null || data.cursor > cursor)) cursor = data.cursor;
    if (data.type === 'status') o.on.status(data);
    else if (data.type === 'event' && data.to.includes(tab)) o.on.event(data.event, data.alert === tab, !!data.routed);
    else if (data.type === 'live') o.on.live(data.hello);
    else if (data.type === 'reset') {
      cursor = null;
      unrouted.clear(); // the old list's: in a new log their ids name other notifications
      o.on.reset(data.reset);
    }
    else if (data.type === 'retract') o.on.retract?.(data.retract);
    else if (data.type === 'refused') o.on.refused?.(data.refused);
  };
  channel.onmessage = ({ data }) => {
    if (data.type === 'roll') {
      join();
      if (unrouted.size) post({ type: 'route', tab, events: [...unrouted.values()], log: unroutedLog });
    } else if (data.type === 'routed') {
      if (data.tab === tab) for (const id of data.ids) unrouted.delete(id);
    }
    // A relay may still come from the leader before this one: heard as a tab. Relays carry a cursor,
    // except an event routed for a page's alert; only leaders send events, so those too.
    else if (leader && data.cursor == null && data.type !== 'event') leader.heard(data);
    else hear(data);
  };
  // Held for the tab's life: the leader learns that a tab closed when it gets this lock. The tab
  // joins only once it holds it, or a leader asking for it first would take it for a closed tab.
  navigator.locks.request(`herald-leader-tab:${tab}`, { signal: quit.signal }, () => {
    held = true;
    join();
    return new Promise(resolve => { releaseLife = resolve; });
  }).catch(() => {}); // aborted: the tab left before it got it

  navigator.locks.request(`${CHANNEL}:leader`, { signal: quit.signal }, () => {
    if (stopped) return;
    leader = lead();
    leader.route([...unrouted.values()], tab, unroutedLog); // its own, routed once the tabs have joined
    unrouted.clear();
    return new Promise(resolve => { leader.release = resolve; });
  }).catch(() => {});

  function lead() {
    const tabs = new TabRegistry();
    const l = { release: null, lastStatus: null, lastHello: null, lastRefused: null };
    const relay = msg => { post(msg); hear(msg); };
    const source = new LiveSource('/events', {
      status: st => { l.lastStatus = { type: 'status', ...st }; relay(l.lastStatus); },
      hello: h => { l.lastHello = { type: 'live', hello: h }; relay(l.lastHello); },
      reset: r => relay({ type: 'reset', reset: r }),
      retract: r => relay({ type: 'retract', retract: r, cursor: source.lastId }),
      refused: list => { l.lastRefused = { type: 'refused', refused: list }; relay(l.lastRefused); },
      event: n => {
        const { targets, alerter } = tabs.route(n);
        relay({ type: 'event', event: n, to: targets.map(t => t.id), alert: alerter?.id ?? null, cursor: n.id });
      },
    });
    let timer = null;
    let open = false;
    // One reconnect for a burst of joins and topic changes.
    const replan = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (stopped) return;
        if (!open) {
          open = true;
          source.open(tabs.union(), cursor ?? o.lastId());
          for (const [notes, from, log] of waiting.splice(0)) l.route(notes, from, log);
        } else source.want(tabs.union());
      }, GATHER_MS);
    };
    const added = (id, wanted, viewed, focused = 0) => {
      const known = tabs.get(id);
      if (known) {
        if (String(known.topics) !== String(wanted)) { known.topics = wanted; replan(); }
        tabs.setViewed(known, viewed);
        return;
      }
      tabs.join(id, wanted, viewed, { focusedAt: focused });
      replan();
      if (id === tab) return;
      // What the stream is doing, for the newcomer only (a repeated hello would reload the others' history).
      const live = l.lastStatus?.state === 'live' ? l.lastHello : null;
      for (const m of [l.lastStatus, live, l.lastRefused]) if (m) post({ ...m, only: id });
      navigator.locks.request(`herald-leader-tab:${id}`, { signal: quit.signal }, () => gone(id)).catch(() => {});
    };
    const gone = id => { if (tabs.leave(id)) replan(); };

    l.heard = data => {
      if (data.type === 'join') added(data.tab, data.topics, data.viewed, data.focusedAt);
      else if (data.type === 'topics') { const t = tabs.get(data.tab); if (t) { t.topics = data.topics; replan(); } }
      else if (data.type === 'viewed') { const t = tabs.get(data.tab); if (t) tabs.setViewed(t, data.viewed); }
      else if (data.type === 'bye') gone(data.tab);
      else if (data.type === 'command') l.obey(data.command);
      else if (data.type === 'route' && Array.isArray(data.events)) l.route(data.events, data.tab, data.log);
    };
    // What a tab's page brought and the stream never will (a late topic's backfill): to the tab that
    // alerts, as a relayed event would. No cursor: a page may hold ids the stream has not reached.
    // A new leader routes only once the tabs have joined (the one focused last may not have yet); the
    // tab that asked hears it was done (`routed`), or asks the next leader.
    // A route tagged with a log the stream no longer names was posted before its tab heard of the new
    // log: dropped, unacknowledged (the tab's reset drops it there; an ack could name a new log's ids).
    const waiting = [];
    l.route = (notes, from = tab, log = null) => {
      if (!notes.length) return;
      if (!open) { waiting.push([notes, from, log]); return; }
      if (fromAnotherLog(log, l.lastHello?.hello?.log)) return;
      for (const n of notes) {
        const { alerter } = tabs.route(n);
        if (alerter) relay({ type: 'event', event: n, to: [alerter.id], alert: alerter.id, routed: true });
      }
      if (from !== tab) post({ type: 'routed', tab: from, ids: notes.map(n => n.id) });
    };
    l.obey = command => {
      if (command === 'retry') source.reconnectNow();
      else if (command === 'token') source.forgetRefusals();
    };
    l.setTopics = wanted => added(tab, wanted, o.viewed(), focusedAt);
    l.setViewed = viewed => { const t = tabs.get(tab); if (t) tabs.setViewed(t, viewed); };
    l.stop = () => { clearTimeout(timer); source.close(); l.release?.(); };

    added(tab, topics, o.viewed(), focusedAt);
    post({ type: 'roll' }); // every other tab answers with its join
    return l;
  }

  const stop = () => {
    if (stopped) return;
    if (leader) leader.stop();
    else post({ type: 'bye', tab });
    stopped = true;
    quit.abort();
    releaseLife?.(); // a frozen tab's: it joins again under the same name when resumed
    channel.close();
  };
  addEventListener('pagehide', stop);

  return {
    stop,
    get transport() { return leader ? 'leader' : 'follower'; },
    setTopics(next) {
      topics = next;
      if (leader) leader.setTopics(next);
      else post({ type: 'topics', tab, topics: next });
    },
    retryNow() { leader ? leader.obey('retry') : post({ type: 'command', command: 'retry' }); },
    tokenChanged() { leader ? leader.obey('token') : post({ type: 'command', command: 'token' }); },
    viewedChanged() {
      if (o.viewed()) focusedAt = Date.now();
      if (leader) leader.setViewed(o.viewed());
      else post({ type: 'viewed', tab, viewed: o.viewed() });
    },
    route(notes, log = null) {
      if (leader) return leader.route(notes, tab, log);
      for (const n of notes) unrouted.set(n.id, n);
      unroutedLog = log;
      post({ type: 'route', tab, events: notes, log });
    },
  };
}
