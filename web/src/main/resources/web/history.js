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
