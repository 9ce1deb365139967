// Notifications this tab shows: deduplicated by id (history and the live stream overlap),
// newest first; plus the unread count for the tab title.
// Live arrivals past the cap push the oldest out, but never what `oldestRead` says is being read
// (app.js: on screen or above it, while scrolled down) nor anything newer. A batch of thousands (a
// replay) is one sort, one trim and one change. The cap is LIMIT; a page the user asked for with "Load older"
// raises it to what is held then plus LIMIT, so those pages stay through LIMIT more live arrivals
// and a tab left open for days still holds a bounded list.
// While the reader is scrolled down, arrivals that would take the list past the cap, and a catch-up
// whole (arrivals.js), are `held` (not shown) until showHeld(): the trim cannot drop what is above the reader, so a catch-up of thousands
// stayed in the list whole (6,015 cards). Only the newest `cap` of them can be shown (showHeld trims),
// so older ones are counted, not kept: a tab left scrolled down for days holds a bounded list.
const LIMIT = 200;
const HELD_SLACK = 100; // held past the cap before the oldest are let go (one sort per 100 arrivals)
const GONE_KEPT = 1000; // retracted ids remembered, so a history page read before the retract cannot bring one back

export class Store {
  constructor(onChange) {
    this.byId = new Map();
    this.held = new Map();   // arrivals waiting behind the "N new" bar, not in the list (see above)
    this.heldLetGo = 0;      // ...and older ones that waited too, counted only ("Load older" brings them)
    this.letGoThrough = 0;   // the newest of those
    this.unread = new Set(); // ids that arrived live while the tab was not looked at
    this.unreadTrimmed = 0;  // ...and were trimmed, or went with a reset, before the user came back: still counted
    this.onChange = onChange;
    this.oldestRead = () => null; // id of the oldest notification being read, or null
    this.gone = new Set();       // retracted ids, oldest first
    this.cap = LIMIT;      // most notifications held (see above)
    this.complete = false; // nothing older than the oldest held is on the server (last page said so)
    this.era = 0;          // bumped by clear(): a page asked for before it is stale
    this.newsAfter = null; // the server's data started over: its newest page is news past this time (clear)
  }

  /**
   * Adds notifications; returns those not seen before. `live` ones count as unread while hidden;
   * `older` ones are a page the user asked for, which raises the cap. Live ones wait in `held` when
   * `hold` (the reader is scrolled down) and they would take the list past the cap, or `more` are
   * known to follow (a catch-up, a refill page with more after it), or others wait already (order is kept).
   */
  add(list, { live = false, hidden = false, older = false, hold = false, more = false } = {}) {
    const ids = new Set();
    let fresh = [];
    for (const n of list) {
      if (typeof n?.id !== 'number' || ids.has(n.id) || this.byId.has(n.id) || this.held.has(n.id) || this.gone.has(n.id)) continue;
      ids.add(n.id);
      fresh.push(n);
    }
    // What was let go may come again (a replay overlapping the refill): not new, and not counted twice.
    if (live && hold && this.heldLetGo) fresh = fresh.filter(n => n.id > this.letGoThrough);
    if (!fresh.length) return fresh;
    if (live && hidden) for (const n of fresh) this.unread.add(n.id);
    if (live && hold && (more || this.waiting() > 0 || this.byId.size + fresh.length > this.cap)) {
      for (const n of fresh) this.held.set(n.id, n);
      this.boundHeld();
    } else {
      for (const n of fresh) this.byId.set(n.id, n);
      if (older) this.cap = Math.max(this.cap, this.byId.size + LIMIT);
      this.trim();
    }
    this.onChange(this);
    return fresh;
  }

  /** How many wait behind the bar, kept or only counted. */
  waiting() {
    return this.held.size + this.heldLetGo;
  }

  /** Keeps the newest `cap` that wait; counts the rest. */
  boundHeld() {
    if (this.held.size <= this.cap + HELD_SLACK) return;
    const newestFirst = [...this.held.keys()].sort((a, b) => b - a);
    for (const id of newestFirst.slice(this.cap)) this.held.delete(id);
    this.heldLetGo += newestFirst.length - this.cap;
    this.letGoThrough = Math.max(this.letGoThrough, newestFirst[this.cap]);
  }

  /** Moves what was held into the list and trims it: call with the reader at the top. */
  showHeld() {
    if (!this.waiting()) return;
    for (const [id, n] of this.held) this.byId.set(id, n);
    this.held.clear();
    if (this.heldLetGo) this.complete = false; // what was let go can be loaded with "Load older"
    this.heldLetGo = 0;
    this.trim();
    this.onChange(this);
  }

  /** Newest first (ids grow with time). */
  list() {
    return [...this.byId.values()].sort((a, b) => b.id - a.id);
  }

  oldestId() {
    let min = null;
    for (const id of this.byId.keys()) if (min == null || id < min) min = id;
    return min;
  }

  /** What the newest or an older page said about the pages before it. */
  setComplete(complete) {
    if (this.complete === complete) return;
    this.complete = complete;
    this.onChange(this);
  }

  /** The newest id held, shown or waiting. */
  latestId() {
    let max = null;
    for (const map of [this.byId, this.held]) for (const id of map.keys()) if (max == null || id > max) max = id;
    return max;
  }

  /**
   * Drops one notification; true when it was shown. A retracted one is kept out for good; one the
   * history merely no longer lists (`forever: false`: a private topic hidden while no token is held)
   * may come back with a later page.
   */
  remove(id, { forever = true } = {}) {
    if (forever) this.gone.add(id);
    if (this.gone.size > GONE_KEPT) this.gone.delete(this.gone.values().next().value);
    if (!this.byId.delete(id) && !this.held.delete(id)) return false;
    this.unread.delete(id); // withdrawn: nothing left to read
    this.onChange(this);
    return true;
  }

  /** Notifications past their "expires" time. */
  expired(now = Date.now()) {
    return [...this.byId.values()].filter(n => n.expires && Date.parse(n.expires) <= now);
  }

  /** What arrived while the user looked elsewhere, trimmed or not. */
  unreadCount() {
    return this.unread.size + this.unreadTrimmed;
  }

  markRead() {
    if (this.unreadCount() === 0) return;
    this.unread.clear();
    this.unreadTrimmed = 0;
    this.onChange(this);
  }

  /**
   * The list starts over. `carry`: the server's stream started over (a new log, retention passed the
   * list) while the user may be away: the unread count stays, and `newsAfter` keeps the time of the
   * newest held, since a new log's ids say nothing about the old one's (arrivals.js). Nothing held:
   * -Infinity only when the old list had `loaded` (shown empty: all of the new log is news); before its
   * first page answered, what was before is unknown and the new page is history (kept when a second
   * reset finds the list still empty).
   */
  clear({ carry = false, loaded = false } = {}) {
    this.newsAfter = carry ? (this.newestTime() ?? (loaded ? -Infinity : this.newsAfter)) : null;
    this.unreadTrimmed = carry ? this.unreadCount() : 0;
    this.byId.clear();
    this.held.clear();
    this.heldLetGo = 0;
    this.letGoThrough = 0; // the old list's ids: a new log numbers from 1 again
    this.unread.clear();
    this.gone.clear(); // a new log or another view: ids start over or mean the same as before
    this.cap = LIMIT;
    this.complete = false;
    this.era++;
    this.onChange(this);
  }

  /** The time of the newest notification held (shown or waiting), or null. */
  newestTime() {
    let max = null;
    for (const map of [this.byId, this.held]) {
      for (const n of map.values()) { const t = Date.parse(n.time); if (t && (max == null || t > max)) max = t; }
    }
    return max;
  }

  /** Drops the oldest beyond the cap, stopping at the one being read. */
  trim() {
    const excess = this.byId.size - this.cap;
    if (excess <= 0) return;
    const keepFrom = this.oldestRead(); // asked once: it measures the page
    const oldestFirst = [...this.byId.keys()].sort((a, b) => a - b).slice(0, excess);
    for (const id of oldestFirst) {
      if (keepFrom != null && id >= keepFrom) break;
      this.byId.delete(id);
      if (this.unread.delete(id)) this.unreadTrimmed++;
      this.complete = false; // what was dropped can be loaded again
    }
  }
}
