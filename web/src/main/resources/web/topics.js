// Topic names and the user's subscription: from the URL (?topic=a&topic=b or ?topic=a,b), else
// from localStorage; the broadcast topic `all` is always included.
export const BROADCAST = 'all';
const KEY = 'herald.topics';
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function valid(name) {
  return NAME.test(name);
}

export function parse(values) {
  const out = [];
  for (const v of values) {
    for (const t of v.split(',')) {
      const name = t.trim();
      if (valid(name) && name !== BROADCAST && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** The chosen topics (without `all`). */
export function load(location = self.location, storage = self.localStorage) {
  const fromUrl = parse(new URLSearchParams(location.search).getAll('topic'));
  if (fromUrl.length) return fromUrl;
  try { return parse([storage.getItem(KEY) || '']); } catch { return []; }
}

/** Remembers the choice in localStorage and in the address bar (without a reload). */
export function save(topics) {
  try { localStorage.setItem(KEY, topics.join(',')); } catch { /* private mode */ }
  const url = new URL(location.href);
  url.searchParams.delete('topic');
  for (const t of topics) url.searchParams.append('topic', t);
  history.replaceState(null, '', url);
}

/** Topics to subscribe to: the chosen ones plus the broadcast topic. */
export function withBroadcast(topics) {
  return [BROADCAST, ...topics.filter(t => t !== BROADCAST)];
}

/** Whether a notification is for a reader of these topics (always, for broadcasts). */
export function matches(n, topics) {
  return (n.topics || []).some(t => t === BROADCAST || topics.includes(t));
}
