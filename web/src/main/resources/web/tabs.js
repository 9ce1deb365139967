// The tabs one stream serves (the shared worker's, or the leader tab's where SharedWorker is
// missing): what each wants, which of them an event goes to, and which one raises its desktop
// alert — none when the user is looking at a tab that shows it, else the one focused last.
import { matches } from './topics.js';

/**
 * A tab's route tagged with a log other than the one the stream names now (`current`, its hello's): posted
 * before the tab heard of a new log, so its ids name other notifications; untagged (a tab before its first
 * hello) or with no hello yet, it is not.
 */
export function fromAnotherLog(log, current) {
  return log != null && current != null && log !== current;
}

export class TabRegistry {
  constructor() {
    this.tabs = new Map(); // tab id -> { topics, viewed, focusedAt, ...what the owner keeps }, in join order
  }

  /**
   * Adds (or replaces) a tab; extra holds what the owner needs to reach it, and may carry the
   * tab's own `focusedAt` (a new leader learns it from the tab, so the alert goes where it did).
   */
  join(id, topics, viewed, extra = {}) {
    const tab = { focusedAt: 0, ...extra, id, topics, viewed: false };
    this.setViewed(tab, viewed);
    this.tabs.set(id, tab);
    return tab;
  }

  get(id) { return this.tabs.get(id); }

  /** False when the tab was not there. */
  leave(id) { return this.tabs.delete(id); }

  get size() { return this.tabs.size; }

  all() { return [...this.tabs.values()]; }

  setViewed(tab, viewed) {
    tab.viewed = viewed;
    if (viewed) tab.focusedAt = Date.now();
  }

  /** All tabs' topics, the earliest tab's first: when they do not all fit, the newest tab misses out. */
  union() {
    const all = new Set();
    for (const t of this.tabs.values()) t.topics.forEach(x => all.add(x));
    return [...all];
  }

  /**
   * The tabs an event goes to, and the one of them that raises its alert (or null). A `frozen` tab (Chrome
   * froze it while hidden) gets its events when thawed: its alert would wait unseen till then, so an awake
   * tab alerts when there is one.
   */
  route(n) {
    const targets = this.all().filter(t => matches(n, t.topics));
    const awake = targets.filter(t => !t.frozen);
    const alerter = targets.some(t => t.viewed) ? null
      : (awake.length ? awake : targets).reduce((best, t) => (!best || t.focusedAt > best.focusedAt ? t : best), null);
    return { targets, alerter };
  }
}
