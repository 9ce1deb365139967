// The one EventSource of a browser, used by the shared worker (or by the leader tab in the
// fallback). Reconnects with its own exponential backoff plus jitter and resumes from the last
// event id, so a server restart neither loses events nor gets every browser back at once.
// The server refuses a whole request for one bad topic, so a stream that fails before `hello` is
// probed: a refused topic is left out (and reported) so the other topics stay live; a refused
// token stops the retries until something changes (see probe.js).
import { probe, isRefusal, namedTopic } from './probe.js';
import { MAX_PER_STREAM as MAX_TOPICS } from './topics.js';

const BASE_DELAY = 1000;
const MAX_DELAY = 30000;
// Timers stop while the machine sleeps: a tick this much later than due means it slept (or the page was
// frozen). A background tab's timers may be held to one wake-up a minute, so less proves nothing.
const TICK = 5000;
const SLEPT = 120000;
// A stream can also die without a word while awake (a network that forgot the connection: a Wi-Fi switch,
// NAT, a VPN): its heartbeats come as events here (heartbeat=event), and one silent for twice the hello's
// interval plus this is opened again after the last id.
const SILENCE_SLACK = 5000;

/** Delay before retry number `attempt` (0-based): half fixed, half random ("equal jitter"). */
export function backoff(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

export class LiveSource {
  /**
   * @param {string} base   URL of the stream, e.g. "/events"
   * @param {object} on     callbacks: status({state, retryAt?, error?, detail?}), event(notification),
   *                        hello(data), reset(data), retract({id}) when an operator withdrew a notification,
   *                        refused([{topic, error, detail}]) the wanted topics the stream leaves out
   */
  constructor(base, on) {
    this.base = base;
    this.on = on;
    this.wanted = [];          // what the tabs ask for, most important first
    this.topics = [];          // what the stream asks the server for
    this.refused = new Map();  // topic -> {topic, error, detail}: refused by the server, not asked again
    this.lastId = null;
    this.log = null;           // hello's log instance: ids mean the same events only under the same one
    this.attempt = 0;
    this.es = null;
    this.timer = null;
    this.generation = 0;       // bumped by every teardown: a late probe answer for an old try is ignored
    this.state = 'connecting';
    this.wasLive = false;
    this.stopped = true;       // until open()
    this.heardAt = 0;          // when the live stream last said anything (events, heartbeats)
    this.silence = null;       // how long it may stay silent (from hello's heartbeat), while live
    if (typeof self.addEventListener === 'function') {
      self.addEventListener('online', () => this.reconnectNow());
      self.addEventListener('offline', () => this.goOffline());
    }
    this.ticker = null;        // while open: the sleep and silence checks
  }

  // After a sleep the stream may be dead with no error: the server gave up on it meanwhile, and
  // nothing tells this end (it only reads). It said "Live" and got nothing until a reload. A stream
  // open across a sleep, or silent too long, is opened again after the last id (nothing lost or twice).
  watch() {
    if (this.ticker) return;
    let due = Date.now() + TICK;
    this.ticker = setInterval(() => {
      const late = Date.now() - due;
      due = Date.now() + TICK;
      const silent = this.silence != null && Date.now() - this.heardAt > this.silence;
      if (this.es && (late > SLEPT || silent)) this.reconnectNow();
    }, TICK);
  }

  /** Starts (or restarts) the stream for these topics, resuming after `lastId` when known. */
  open(topics, lastId) {
    // A fresh start (the first tab, or again after every tab left): refusals seen under whatever
    // token was in use then are asked again rather than kept out for good.
    if (this.stopped) this.refused.clear();
    this.stopped = false;
    this.watch();
    if (lastId != null && (this.lastId == null || lastId > this.lastId)) this.lastId = lastId;
    this.want(topics, true);
  }

  /** Asks for these topics; reopens when the streamed set changes, growing or shrinking. */
  want(topics, force = false) {
    this.wanted = [...new Set(topics)];
    // A refused topic nobody asks for any more is tried again if asked for later (a new token).
    for (const t of [...this.refused.keys()]) if (!this.wanted.includes(t)) this.refused.delete(t);
    this.replan(force);
  }

  /** The token changed: every topic (and the stream itself) deserves a new try. */
  forgetRefusals() {
    this.refused.clear();
    this.replan(true);
  }

  replan(force) {
    const next = this.wanted.filter(t => !this.refused.has(t)).slice(0, MAX_TOPICS);
    const changed = next.length !== this.topics.length || next.some(t => !this.topics.includes(t));
    this.topics = next;
    this.on.refused?.(this.leftOut());
    if ((force || changed) && !this.stopped) this.reconnectNow();
  }

  /** Wanted topics the stream does not carry, and why. */
  leftOut() {
    const over = this.wanted.filter(t => !this.refused.has(t)).slice(MAX_TOPICS).map(topic => ({
      topic, error: 'too_many_topics',
      detail: `your Herald tabs ask for more than ${MAX_TOPICS} topics together; close a tab or remove a topic`,
    }));
    return [...this.refused.values(), ...over];
  }

  close() {
    this.stopped = true;
    this.teardown();
    clearInterval(this.ticker); // a leader's source is dropped after this: its checks go with it
    this.ticker = null;
  }

  reconnectNow() {
    if (this.stopped) return;
    this.teardown();
    this.connect();
  }

  url(topics = this.topics) {
    const q = new URLSearchParams();
    for (const t of topics) q.append('topic', t);
    if (this.lastId != null) q.set('lastEventId', String(this.lastId));
    q.set('heartbeat', 'event');
    const qs = q.toString();
    return qs ? `${this.base}?${qs}` : this.base;
  }

  connect() {
    if (self.navigator && self.navigator.onLine === false) return this.goOffline();
    this.setState(this.wasLive ? 'reconnecting' : 'connecting');
    const es = new EventSource(this.url());
    this.es = es;
    let greeted = false;
    const heard = () => { this.heardAt = Date.now(); };
    es.addEventListener('heartbeat', heard);
    es.addEventListener('hello', e => {
      const hello = JSON.parse(e.data);
      greeted = true;
      heard();
      this.silence = hello.heartbeat > 0 ? 2 * hello.heartbeat + SILENCE_SLACK : null;
      // Another log than the one our ids came from (the server's data started over and already has
      // ids past ours, so it cannot tell): what we hold names other events now. Start over, as on reset.
      const otherLog = this.log && hello.log && hello.log !== this.log;
      if (hello.log) this.log = hello.log;
      if (otherLog) this.lastId = hello.latestId; // its replay of "our" ids is the new log's: history brings them
      // A fresh stream (no replay) starts at the log's head; resume from there if it drops.
      if (this.lastId == null) this.lastId = hello.latestId;
      this.attempt = 0;
      this.wasLive = true;
      this.setState('live');
      this.on.hello?.(hello);
      // After hello, like the server's own reset event.
      if (otherLog) this.on.reset?.({ reason: 'new-log', id: hello.latestId });
    });
    es.addEventListener('reset', e => {
      heard();
      // Ids before a reset may come from another log: compare only ids that follow it.
      this.lastId = null;
      this.on.reset?.(JSON.parse(e.data));
    });
    // Retract entries carry their own (newer) log id, so resuming after them never replays them.
    es.addEventListener('retract', e => {
      heard();
      const id = Number(e.lastEventId);
      if (id && (this.lastId == null || id > this.lastId)) this.lastId = id;
      let r;
      try { r = JSON.parse(e.data); } catch { return; }
      this.on.retract?.(r);
    });
    es.onmessage = e => {
      heard();
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
      if (greeted) this.scheduleRetry(); // a live stream dropped: the server went away
      else this.diagnose();
    };
  }

  /** The stream failed before `hello`: a refused topic is left out, a refused token stops retries. */
  async diagnose() {
    const generation = this.generation;
    const why = await probe(this.url());
    if (this.stopped || generation !== this.generation) return; // reopened meanwhile
    if (!isRefusal(why)) return this.scheduleRetry();
    if (why.error === 'private_topic') {
      const topic = namedTopic(why, this.topics) ?? await this.findPrivateTopic();
      if (this.stopped || generation !== this.generation) return;
      if (topic) {
        this.refused.set(topic, { topic, error: why.error, detail: why.detail });
        return this.replan(true);
      }
    }
    this.setState('denied', null, why);
  }

  /** Asks for each topic alone: the first one refused with 403. */
  async findPrivateTopic() {
    for (const t of this.topics) {
      if (t === 'all') continue;
      if ((await probe(this.url([t]))).status === 403) return t;
    }
    return null;
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
    this.generation++;
    this.silence = null;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.es) { this.es.onerror = null; this.es.close(); this.es = null; }
  }

  setState(state, retryAt = null, why = null) {
    this.state = state;
    this.on.status?.({ state, retryAt, error: why?.error ?? null, detail: why?.detail ?? null,
      anonymous: why?.anonymous ?? null });
  }
}
