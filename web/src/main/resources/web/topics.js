// Topic names and the user's subscription: from the URL (?topic=a&topic=b or ?topic=a,b), else
// from localStorage; the broadcast topic `all` is always included.
import { cut } from './graphemes.js';
export const BROADCAST = 'all';
/** The server's topics per stream request (Topics.MAX_PER_REQUEST), `all` included. */
export const MAX_PER_STREAM = 32;
/** Topics a user may choose: `all` is always one of the stream's. */
export const MAX_CHOSEN = MAX_PER_STREAM - 1;
const KEY = 'herald.topics';
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function valid(name) {
  return NAME.test(name);
}

/**
 * What the user typed (comma-separated): the valid new names, and a message naming what was not
 * taken. A leading `#` (as chips show topics) is dropped.
 */
export function read(text) {
  const names = [];
  const bad = [];
  let broadcast = false;
  for (const raw of text.split(',')) {
    const name = raw.trim().replace(/^#/, '');
    if (!name) continue;
    if (name === BROADCAST) broadcast = true;
    else if (!valid(name)) bad.push(name);
    else if (!names.includes(name)) names.push(name);
  }
  let problem = '';
  if (bad.length) {
    problem = `Not a topic name: ${bad.map(b => `“${cut(b, 70)}”`).join(', ')}. ` +
      'Use letters, digits and . _ : - (up to 64).';
  } else if (broadcast && !names.length) {
    problem = 'Broadcasts (topic all) always arrive; no need to add them.';
  }
  return { names, problem };
}

export function parse(values) {
  const out = [];
  for (const name of splitNames(values)) {
    if (valid(name) && name !== BROADCAST && !out.includes(name)) out.push(name);
  }
  return out;
}

// Every name in `topic=` values (or a saved list), split on commas and trimmed, empty ones left out.
function splitNames(values) {
  return values.flatMap(v => v.split(',')).map(t => t.trim()).filter(Boolean);
}

function saved(storage) {
  try { return parse([storage.getItem(KEY) || '']); } catch { return []; }
}

/**
 * The chosen topics (without `all`). `shared` when they come from a link and differ from the saved
 * choice: someone else's view, which must not replace the user's own until the user changes it.
 * `invalid`: the link's names that are not topic names (left out).
 */
export function load(location = self.location, storage = self.localStorage) {
  const values = new URLSearchParams(location.search).getAll('topic');
  const fromUrl = parse(values);
  // Names in the link that are not topic names: left out, and the page says so.
  const invalid = [...new Set(splitNames(values).filter(t => !valid(t)))];
  const mine = saved(storage);
  if (!fromUrl.length) return { topics: mine, shared: false, invalid };
  const same = fromUrl.length === mine.length && fromUrl.every(t => mine.includes(t));
  return { topics: fromUrl, shared: !same, invalid };
}

/** Shows the choice in the address bar (without a reload); `remember` also keeps it for the next visit. */
export function save(topics, { remember = true } = {}) {
  if (remember) {
    try { localStorage.setItem(KEY, topics.join(',')); } catch { /* private mode */ }
  }
  const url = new URL(location.href);
  url.searchParams.delete('topic');
  for (const t of topics) url.searchParams.append('topic', t);
  history.replaceState(null, '', url);
}

/** `?topic=a&topic=b`: the link to a view of these topics, as the address bar shows it. */
export function query(topics) {
  const q = new URLSearchParams();
  for (const t of topics) q.append('topic', t);
  return `?${q}`;
}

/** Topics to subscribe to: the chosen ones plus the broadcast topic. */
export function withBroadcast(topics) {
  return [BROADCAST, ...topics.filter(t => t !== BROADCAST)];
}

/** Whether a notification is for a reader of these topics (always, for broadcasts). */
export function matches(n, topics) {
  return (n.topics || []).some(t => t === BROADCAST || topics.includes(t));
}
