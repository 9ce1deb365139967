// SharedWorker: holds the browser's single EventSource for all Herald tabs and fans events out.
// Tabs register with their topics; the stream covers the union. Each event goes only to the tabs
// whose topics match, and exactly one of them (the most recently focused) raises a desktop alert.
import { LiveSource } from './source.js';
import { matches } from './topics.js';

const tabs = new Map(); // tab id -> { port, topics, focusedAt, joinedAt }
let status = { state: 'connecting', retryAt: null };
let lastHello = null;

const source = new LiveSource('/events', {
  status(s) { status = s; broadcast({ type: 'status', ...s }); },
  hello(h) { lastHello = h; broadcast({ type: 'live', hello: h }); },
  reset(r) { broadcast({ type: 'reset', reset: r }); },
  retract(r) { broadcast({ type: 'retract', retract: r }); },
  event(n) {
    const targets = [...tabs.values()].filter(t => matches(n, t.topics));
    const alerter = targets.reduce((best, t) => (!best || rank(t) > rank(best) ? t : best), null);
    for (const t of targets) t.port.postMessage({ type: 'event', event: n, alert: t === alerter });
  },
});
let open = false;

function rank(t) {
  return Math.max(t.focusedAt, t.joinedAt);
}

function broadcast(msg) {
  for (const t of tabs.values()) t.port.postMessage(msg);
}

function union() {
  const all = new Set();
  for (const t of tabs.values()) t.topics.forEach(x => all.add(x));
  return [...all];
}

function streamFor(lastId) {
  if (!open) {
    open = true;
    source.stopped = false;
    source.open(union(), lastId);
  } else {
    source.widen(union());
  }
}

function leave(id) {
  if (!tabs.delete(id)) return;
  if (tabs.size === 0) {
    // Nobody listens: free the server connection; the next tab resumes from the last id.
    open = false;
    source.close();
  }
}

self.onconnect = e => {
  const port = e.ports[0];
  let id = null;
  port.onmessage = ({ data }) => {
    switch (data.type) {
      case 'hello':
        id = data.tab;
        tabs.set(id, { port, topics: data.topics, focusedAt: data.focused ? Date.now() : 0, joinedAt: Date.now() });
        port.postMessage({ type: 'status', ...status });
        if (status.state === 'live' && lastHello) port.postMessage({ type: 'live', hello: lastHello });
        streamFor(data.lastId);
        // The tab holds this lock for its whole life; we get it only once the tab is gone.
        self.navigator.locks?.request(`herald-tab:${id}`, () => leave(id));
        break;
      case 'topics':
        if (tabs.has(id)) { tabs.get(id).topics = data.topics; streamFor(null); }
        break;
      case 'focus':
        if (tabs.has(id) && data.focused) tabs.get(id).focusedAt = Date.now();
        break;
      case 'bye':
        leave(id);
        break;
    }
  };
  port.start();
};
