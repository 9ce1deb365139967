// The one EventSource of a browser, used by the shared worker (or by the leader tab in the
// fallback). Reconnects with its own exponential backoff plus jitter and resumes from the last
// event id, so a server restart neither loses events nor gets every browser back at once.

const BASE_DELAY = 1000;
const MAX_DELAY = 30000;

/** Delay before retry number `attempt` (0-based): half fixed, half random ("equal jitter"). */
export function backoff(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

export class LiveSource {
  /**
   * @param {string} base   URL of the stream, e.g. "/events"
   * @param {object} on     callbacks: status({state, retryAt?}), event(notification), hello(data), reset(data),
   *                        retract({id}) when an operator withdrew a notification
   */
  constructor(base, on) {
    this.base = base;
    this.on = on;
    this.topics = [];
    this.lastId = null;
    this.attempt = 0;
    this.es = null;
    this.timer = null;
    this.state = 'connecting';
    this.wasLive = false;
    this.stopped = false;
    if (typeof self.addEventListener === 'function') {
      self.addEventListener('online', () => this.reconnectNow());
      self.addEventListener('offline', () => this.goOffline());
    }
  }

  /** Starts (or restarts) the stream for these topics, resuming after `lastId` when known. */
  open(topics, lastId) {
    this.topics = [...topics].sort();
    if (lastId != null && (this.lastId == null || lastId > this.lastId)) this.lastId = lastId;
    this.reconnectNow();
  }

  /** Reopens at once when the topic set grows; a shrinking set keeps the current stream. */
  widen(topics) {
    if (topics.every(t => this.topics.includes(t))) return;
    this.topics = [...new Set([...this.topics, ...topics])].sort();
    this.reconnectNow();
  }

  close() {
    this.stopped = true;
    this.teardown();
  }

  reconnectNow() {
    if (this.stopped) return;
    this.teardown();
    this.connect();
  }

  url() {
    const q = new URLSearchParams();
    for (const t of this.topics) q.append('topic', t);
    if (this.lastId != null) q.set('lastEventId', String(this.lastId));
    const qs = q.toString();
    return qs ? `${this.base}?${qs}` : this.base;
  }

  connect() {
    if (self.navigator && self.navigator.onLine === false) return this.goOffline();
    this.setState(this.wasLive ? 'reconnecting' : 'connecting');
    const es = new EventSource(this.url());
    this.es = es;
    es.addEventListener('hello', e => {
      const hello = JSON.parse(e.data);
      // A fresh stream (no replay) starts at the log's head; resume from there if it drops.
      if (this.lastId == null) this.lastId = hello.latestId;
      this.attempt = 0;
      this.wasLive = true;
      this.setState('live');
      this.on.hello?.(hello);
    });
    es.addEventListener('reset', e => {
      // Ids before a reset may come from another log: compare only ids that follow it.
      this.lastId = null;
      this.on.reset?.(JSON.parse(e.data));
    });
    // Retract entries carry their own (newer) log id, so resuming after them never replays them.
    es.addEventListener('retract', e => {
      const id = Number(e.lastEventId);
      if (id && (this.lastId == null || id > this.lastId)) this.lastId = id;
      let r;
      try { r = JSON.parse(e.data); } catch { return; }
      this.on.retract?.(r);
    });
    es.onmessage = e => {
      const id = Number(e.lastEventId);
      if (this.lastId != null && id <= this.lastId) return;
      this.lastId = id;
      let n;
      try { n = JSON.parse(e.data); } catch { return; }
      this.on.event?.(n);
    };
    // The browser's own retry would ignore our backoff: close and schedule ours instead.
    es.onerror = () => {
      if (this.es !== es) return;
      this.teardown();
      this.scheduleRetry();
    };
  }

  scheduleRetry() {
    if (this.stopped) return;
    if (self.navigator && self.navigator.onLine === false) return this.goOffline();
    const delay = backoff(this.attempt++);
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, delay);
    this.setState('reconnecting', Date.now() + delay);
  }

  goOffline() {
    this.teardown();
    this.setState('offline');
  }

  teardown() {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.es) { this.es.onerror = null; this.es.close(); this.es = null; }
  }

  setState(state, retryAt = null) {
    this.state = state;
    this.on.status?.({ state, retryAt });
  }
}
