// Tells the server which notifications reached this page ("delivered") and which were on screen
// in a focused tab ("seen"): batched into at most one POST /receipts a second, each id reported
// once per page. Sent with the page's cookies, so it is authenticated like the stream.
const MAX_IDS = 200; // the server's per-request limit
const HOLD = 5000; // after "no such stream here": the next hello usually comes within seconds
const GIVE_UP = 30000; // still no stream of ours after this long (another tab's token, an expired cookie)

export class Receipts {
  constructor(post = defaultPost) {
    this.post = post;
    this.connection = null;
    this.pending = { delivered: new Set(), seen: new Set() };
    this.reported = { delivered: new Set(), seen: new Set() };
    this.busy = false;
    this.holdUntil = 0;
    this.goneSince = null;
  }

  /** The stream's connection id (from hello); receipts wait until one is known. */
  setConnection(id) { this.connection = id || null; this.holdUntil = 0; this.goneSince = null; }

  /** Another log (the server's data started over): the ids waiting here name other notifications now. */
  clear() {
    for (const kind of ['delivered', 'seen']) { this.pending[kind].clear(); this.reported[kind].clear(); }
  }

  delivered(ids) { this.queue('delivered', ids); }

  seen(ids) { this.queue('seen', ids); }

  /** A retracted notification: nothing more to report about it. */
  forget(id) {
    this.pending.delivered.delete(id);
    this.pending.seen.delete(id);
  }

  queue(kind, ids) {
    for (const id of ids) if (!this.reported[kind].has(id)) this.pending[kind].add(id);
  }

  /**
   * Sends what is waiting (call once a second). Ids the server refuses (retracted meanwhile, not
   * meant for this stream) are dropped, network errors retried. A stream the server does not know,
   * or knows as someone else's (the token just changed), keeps them and waits 5 s: it has usually
   * ended (the next hello brings the new connection id), but in a cluster its node may only have
   * missed a presence report while the stream stays open. After 30 s of that on the same stream
   * (its token changed in another tab, its cookie expired: no new hello comes) they are dropped.
   */
  async flush() {
    if (this.busy || !this.connection || Date.now() < this.holdUntil) return;
    const take = (set, room) => [...set].slice(0, Math.max(0, room));
    const delivered = take(this.pending.delivered, MAX_IDS);
    const seen = take(this.pending.seen, MAX_IDS - delivered.length);
    if (!delivered.length && !seen.length) return;
    this.busy = true;
    const connection = this.connection;
    try {
      const ok = await this.post({ connection, delivered, seen });
      if (ok === 'retry') return;
      if (ok === 'gone') {
        if (this.connection !== connection) return; // a new stream meanwhile: they go with it
        this.goneSince ??= Date.now();
        if (Date.now() - this.goneSince < GIVE_UP) { this.holdUntil = Date.now() + HOLD; return; }
      } else {
        this.goneSince = null;
      }
      for (const id of delivered) { this.pending.delivered.delete(id); this.reported.delivered.add(id); }
      for (const id of seen) { this.pending.seen.delete(id); this.reported.seen.add(id); }
    } finally {
      this.busy = false;
    }
  }
}

async function defaultPost(body) {
  try {
    const res = await fetch('/receipts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 429 || res.status >= 500) return 'retry';
    if (res.ok) return 'ok'; // 200 counts what passed; ids listed in "refused" never will
    // No such stream here: it ended (the next hello brings a new one), or its node is briefly unlisted.
    // Not this page's stream: the token changed and the stream is being reopened with it.
    const answer = await res.json().catch(() => ({}));
    return answer.error === 'unknown_connection' || answer.error === 'not_your_connection' ? 'gone' : 'refused';
  } catch {
    return 'retry';
  }
}
