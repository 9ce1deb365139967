// GET /notifications for this tab's topics: the newest page, what came after an id, or the page
// before one ("Load older"). Pages list oldest first; `hasMore` looks in the direction asked.

/** {res, body}: body is the JSON answer, or {} when there was none. Throws when offline. */
export async function fetchPage(topicList, { after, before, limit = 100 } = {}) {
  const q = new URLSearchParams();
  for (const t of topicList) q.append('topic', t);
  if (after != null) q.set('after', String(after));
  if (before != null) q.set('before', String(before));
  q.set('limit', String(limit));
  const res = await fetch(`/notifications?${q}`, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  return { res, body };
}

/** The lowest id a page vouches for: everything from it up to the page's end is listed. */
export function pageStart(body) {
  return body.hasMore && body.notifications.length ? body.notifications[0].id : 0;
}

// What the history no longer lists (retracted or expired while this page was away) leaves the
// page too (`retract(id)`). Each page judges only the ids it covers: newer live ones stay. Pages go
// back until they cover the oldest shown, so loaded older pages are checked too (a few requests of 500).
export async function reconcile(topicList, store, retract) {
  const era = store.era;
  let upTo = null; // the newest page covers up to its latestId, an older page up to its `before`
  let before = null;
  try {
    do {
      const { res, body } = await fetchPage(topicList, { before, limit: before == null ? 100 : 500 });
      if (!res.ok || era !== store.era) return; // loadHistory has shown why; or the list started over
      const listed = new Set(body.notifications.map(n => n.id));
      const from = pageStart(body);
      const to = upTo ?? body.latestId;
      for (const id of [...store.byId.keys()]) {
        if (id >= from && id <= to && !listed.has(id)) retract(id);
      }
      if (!from) return;
      upTo = from - 1;
      before = from;
    } while (store.oldestId() != null && store.oldestId() < before);
  } catch { /* offline */ }
}
