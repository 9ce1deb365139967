// Notifications this tab shows: deduplicated by id (history and the live stream overlap),
// newest first, capped; plus the unread count for the tab title.
const LIMIT = 200;

export class Store {
  constructor(onChange) {
    this.byId = new Map();
    this.unread = new Set(); // ids that arrived live while the tab was not looked at
    this.onChange = onChange;
  }

  /** Adds notifications; returns those not seen before. `live` ones count as unread while hidden. */
  add(list, { live = false, hidden = false } = {}) {
    const fresh = [];
    for (const n of list) {
      if (typeof n?.id !== 'number' || this.byId.has(n.id)) continue;
      this.byId.set(n.id, n);
      fresh.push(n);
    }
    if (!fresh.length) return fresh;
    if (live && hidden) for (const n of fresh) this.unread.add(n.id);
    this.trim();
    this.onChange(this);
    return fresh;
  }

  /** Newest first (ids grow with time). */
  list() {
    return [...this.byId.values()].sort((a, b) => b.id - a.id);
  }

  latestId() {
    let max = null;
    for (const id of this.byId.keys()) if (max == null || id > max) max = id;
    return max;
  }

  /** Drops one notification (retracted); true when it was shown. */
  remove(id) {
    if (!this.byId.delete(id)) return false;
    this.unread.delete(id); // withdrawn: nothing left to read
    this.onChange(this);
    return true;
  }

  /** Notifications past their "expires" time. */
  expired(now = Date.now()) {
    return [...this.byId.values()].filter(n => n.expires && Date.parse(n.expires) <= now);
  }

  markRead() {
    if (this.unread.size === 0) return;
    this.unread.clear();
    this.onChange(this);
  }

  clear() {
    this.byId.clear();
    this.unread.clear();
    this.onChange(this);
  }

  trim() {
    if (this.byId.size <= LIMIT) return;
    const keep = this.list().slice(0, LIMIT);
    this.byId = new Map(keep.map(n => [n.id, n]));
    for (const id of this.unread) if (!this.byId.has(id)) this.unread.delete(id);
  }
}
