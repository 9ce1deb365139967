// SharedWorker: holds the browser's single EventSource for all Herald tabs and fans events out.
// Tabs register with their topics; the stream covers the union, recomputed whenever a tab joins,
// leaves or changes its topics (so a topic nobody wants any more leaves the stream). Each event
// goes only to the tabs whose topics match; one of them raises a desktop alert, unless the user
// is looking at one that shows it. Events go out in one message per tab per task (batch.js): a
// replay of thousands was thousands of messages queued in front of everything else in the tab.
import { LiveSource } from './source.js';
import { TabRegistry, fromAnotherLog } from './tabs.js';
import { coalesce } from './batch.js';

const tabs = new TabRegistry(); // entries keep their MessagePort as `port`
let status = { state: 'connecting', retryAt: null };
let lastHello = null;
let leftOut = [];       // topics the stream does not carry, with the server's reason

const source = new LiveSource('/events', {
  status(s) { status = s; broadcast({ type: 'status', ...s }); },
  hello(h) { lastHello = h; broadcast({ type: 'live', hello: h }); },
  reset(r) { broadcast({ type: 'reset', reset: r }); },
  retract(r) { broadcast({ type: 'retract', retract: r }); },
  refused(list) { leftOut = list; for (const t of tabs.all()) tellRefused(t); },
  event(n) { events.push(n); },
});
let open = false;

// Routed when handed over; any change of the tabs hands over first, so they go where they would have at once.
const events = coalesce(list => deliver(list));

/** One message per tab; `alertsOnly`: to the tab that alerts for each, none else (what a page brought first). */
function deliver(list, alertsOnly = false) {
  const out = new Map(); // tab -> its events
  for (const n of list) {
    const { targets, alerter } = tabs.route(n);
    for (const t of alertsOnly ? [alerter].filter(Boolean) : targets) {
      if (!out.has(t)) out.set(t, []);
      out.get(t).push({ event: n, alert: t === alerter, routed: alertsOnly || undefined });
    }
  }
  for (const [t, batch] of out) t.port.postMessage({ type: 'events', events: batch });
}

// Anything else a tab is told comes after the events before it.
function tell(tab, msg) {
  events.flush();
  tab.port.postMessage(msg);
}

function broadcast(msg) {
  for (const t of tabs.all()) tell(t, msg);
}

/** Only the refusals of topics this tab asked for: other tabs' problems are not its business. */
function tellRefused(tab) {
  tell(tab, { type: 'refused', refused: leftOut.filter(r => tab.topics.includes(r.topic)) });
}

function streamFor(lastId) {
  if (!open) {
    open = true;
    source.open(tabs.union(), lastId);
  } else {
    source.want(tabs.union());
  }
}

function leave(id) {
  events.flush();
  if (!tabs.leave(id)) return;
  if (tabs.size === 0) {
    // Nobody listens: free the server connection; the next tab resumes from the last id.
    open = false;
    source.close();
  } else {
    source.want(tabs.union());
  }
}

self.onconnect = e => {
  const port = e.ports[0];
  let id = null;
  port.onmessage = ({ data }) => {
    events.flush(); // routed to the tabs (and their topics) that were there when they arrived
    const tab = tabs.get(id);
    switch (data.type) {
      case 'hello': {
        id = data.tab;
        const joined = tabs.join(id, data.topics, data.viewed, { port });
        tell(joined, { type: 'status', ...status });
        if (status.state === 'live' && lastHello) tell(joined, { type: 'live', hello: lastHello });
        streamFor(data.lastId); // also tells every tab what the stream leaves out
        // The tab holds this lock for its whole life; we get it only once the tab is gone.
        self.navigator.locks?.request(`herald-tab:${id}`, () => leave(id));
        break;
      }
      case 'topics':
        if (tab) { tab.topics = data.topics; streamFor(null); }
        break;
      case 'viewed':
        if (tab) tabs.setViewed(tab, data.viewed);
        break;
      case 'frozen': // Chrome froze the tab (or thawed it): its alerts go to an awake tab meanwhile
        if (tab) tab.frozen = !!data.frozen;
        break;
      case 'route': // a late topic's backfill brought these, the stream never will: their alerts
        // ...unless posted before the tab heard of a new log: their ids name other notifications now.
        if (tab && Array.isArray(data.events) && !fromAnotherLog(data.log, lastHello?.log)) deliver(data.events, true);
        break;
      case 'retry':
        if (open) source.reconnectNow();
        break;
      case 'token':
        // Also before the stream opens: a tab opened with ?token= sends it before its hello, and the
        // refusals of the old token would keep its private topics out of the new stream.
        source.forgetRefusals();
        break;
      case 'bye':
        leave(id);
        break;
    }
  };
  port.start();
};
