// A replay after a reconnect delivers thousands of events back to back (EventSource dispatches a
// whole network chunk in one task; the worker's messages queue up behind each other). Handling
// each on its own froze the tab for 14-62 s, so they are collected and handed over once per task.
// The next task comes from a MessageChannel: a timer is throttled to 1 s in a hidden tab, and
// requestAnimationFrame never runs there (yet a hidden tab counts unread in its title).

/**
 * Collects items and calls `handle(items)` once, in a task of its own after the current one.
 * `flush()` hands over what is waiting at once: call it before anything that must come after them.
 */
export function coalesce(handle) {
  let items = [];
  let queued = false;
  const channel = new MessageChannel();
  const flush = () => {
    if (!items.length) return;
    const batch = items;
    items = [];
    handle(batch);
  };
  channel.port1.onmessage = () => { queued = false; flush(); };
  return {
    push(item) {
      items.push(item);
      if (!queued) { queued = true; channel.port2.postMessage(null); }
    },
    flush,
  };
}
