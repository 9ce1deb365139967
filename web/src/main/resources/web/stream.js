// The tab's side of the live stream. Prefers one SharedWorker per browser (one connection for all
// tabs); falls back to leader election (leader.js) where SharedWorker is missing, and to a
// connection of its own where even that is missing. Same callbacks whichever is used.
import { LiveSource } from './source.js';
import { joinLeaderElection } from './leader.js';
import { coalesce } from './batch.js';

const TAB = self.crypto?.randomUUID?.() ?? String(Math.random()).slice(2);

/**
 * @param {object} o topics (incl. broadcast), lastId(): newest id this tab has, viewed(): the user looks at this tab,
 *                   on: { status, events([{n, alert, routed}]), live(hello), reset(r), retract({id}), refused([{topic, error, detail}]) },
 *                   transport (optional)
 * @returns {{ transport: string, setTopics(topics: string[]): void, retryNow(): void, tokenChanged(): void,
 *             viewedChanged(): void, route(notes, log): void }} route: what a page brought and the stream never
 *             will; they come back as events to the tab that alerts (as the stream's own would), unless
 *             `log` (hello's, of the list they came from) is not the one the stream names now
 */
export function connectStream(options) {
  const o = { ...options, on: inOrder(options.on) };
  const wanted = o.transport;
  if ((wanted === 'worker' || !wanted) && self.SharedWorker && self.navigator.locks) return viaWorker(o);
  if ((wanted !== 'direct') && self.BroadcastChannel && self.navigator.locks) return joinLeaderElection(o, TAB);
  return direct(o);
}

/**
 * Events reach the page in batches, one per task (batch.js); whatever else the stream says hands
 * over the events waiting before it first, so the page hears everything in the order it happened.
 */
function inOrder(on) {
  const events = coalesce(list => on.events(list));
  const after = name => (...args) => { events.flush(); on[name]?.(...args); };
  return {
    status: after('status'), live: after('live'), reset: after('reset'), retract: after('retract'),
    refused: after('refused'),
    event: (n, alert, routed) => events.push({ n, alert, routed }),
  };
}

function viaWorker(o) {
  const worker = new SharedWorker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'herald' });
  const port = worker.port;
  let fallback = null;
  // A worker that cannot start (module workers unsupported, blocked) must not leave the tab dead.
  worker.onerror = () => {
    if (fallback) return;
    console.warn('herald: shared worker failed, electing a leader tab instead');
    fallback = joinLeaderElection(o, TAB);
  };
  port.onmessage = ({ data }) => {
    if (data.type === 'status') o.on.status(data);
    else if (data.type === 'events') for (const e of data.events) o.on.event(e.event, e.alert, e.routed);
    else if (data.type === 'event') o.on.event(data.event, data.alert); // a worker started before an upgrade
    else if (data.type === 'live') o.on.live(data.hello);
    else if (data.type === 'reset') o.on.reset(data.reset);
    else if (data.type === 'retract') o.on.retract?.(data.retract);
    else if (data.type === 'refused') o.on.refused?.(data.refused);
  };
  port.start();
  // Held until the tab goes away: that is how the worker learns a tab has closed.
  navigator.locks.request(`herald-tab:${TAB}`, () => {
    port.postMessage({ type: 'hello', tab: TAB, topics: o.topics, lastId: o.lastId(), viewed: o.viewed() });
    return new Promise(() => {});
  });
  addEventListener('pagehide', () => port.postMessage({ type: 'bye' }));
  // A frozen tab gets its events when thawed: the worker lets an awake tab alert meanwhile. (The leader
  // fallback leaves the election instead, see leader.js.)
  document.addEventListener('freeze', () => port.postMessage({ type: 'frozen', frozen: true }));
  document.addEventListener('resume', () => port.postMessage({ type: 'frozen', frozen: false }));
  const send = (type, extra, orElse) => (fallback ? orElse(fallback) : port.postMessage({ type, ...extra }));
  return {
    get transport() { return fallback ? fallback.transport : 'worker'; },
    setTopics(topics) { send('topics', { topics }, f => f.setTopics(topics)); },
    retryNow() { send('retry', {}, f => f.retryNow()); },
    tokenChanged() { send('token', {}, f => f.tokenChanged()); },
    viewedChanged() { send('viewed', { viewed: o.viewed() }, f => f.viewedChanged()); },
    route(notes, log) { if (notes.length) send('route', { events: notes, log }, f => f.route(notes, log)); },
  };
}

function direct(o) {
  const source = new LiveSource('/events', {
    status: s => o.on.status(s),
    hello: h => o.on.live(h),
    reset: r => o.on.reset(r),
    retract: r => o.on.retract?.(r),
    refused: list => o.on.refused?.(list),
    event: n => o.on.event(n, true),
  });
  source.open(o.topics, o.lastId());
  addEventListener('pagehide', () => source.close());
  return {
    transport: 'direct',
    setTopics(topics) { source.want(topics); },
    retryNow() { source.reconnectNow(); },
    tokenChanged() { source.forgetRefusals(); },
    viewedChanged() {},
    route(notes) { for (const n of notes) o.on.event(n, true, true); }, // the only tab: it alerts
  };
}
