// Everything that touches the DOM. Server text goes in with textContent only (never innerHTML),
// and only http(s) or same-origin links become clickable.
import { cut, longerThan } from './graphemes.js';

const SVG = 'http://www.w3.org/2000/svg';
export const LEVELS = {
  info: { label: 'Info', paths: ['M12 16v-5', 'M12 8h.01'], circle: true },
  success: { label: 'Success', paths: ['M8 12.5l2.7 2.7L16.2 9.6'], circle: true },
  warning: { label: 'Warning', paths: ['M12 3.8 2.6 20h18.8z', 'M12 10v4.2', 'M12 17.2h.01'], circle: false },
  error: { label: 'Error', paths: ['M9.2 9.2l5.6 5.6', 'M14.8 9.2l-5.6 5.6'], circle: true },
};

/** The link target if it is http(s) (absolute or a same-origin path), else null. */
export function safeUrl(url, base = location.href) {
  if (typeof url !== 'string' || !url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

// What Date's toLocaleString() gives, made once: toLocaleString builds a formatter per call, which
// was most of the cost of rendering 200 new items after a replay.
const FULL_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

export function relativeTime(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 7) return d === 1 ? 'yesterday' : `${d} days ago`;
  return new Date(t).toLocaleDateString();
}

export function levelOf(n) {
  return Object.hasOwn(LEVELS, n.level) ? n.level : 'info';
}

export function icon(level) {
  const def = LEVELS[level];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  if (def.circle) {
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('cx', '12'); c.setAttribute('cy', '12'); c.setAttribute('r', '9');
    svg.append(c);
  }
  for (const d of def.paths) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

const HEADING_MAX = 80;

/** The first line of a message, cut short: a heading or announcement for a notification without a title. */
export function excerpt(text, max = HEADING_MAX) {
  return cut(String(text ?? '').trim().split('\n')[0].trim(), max);
}

/**
 * Heading and body text. Without a title, a short first line becomes the heading and the rest the
 * body (newlines kept); a long first line is cut for the heading and the body keeps all of it.
 */
export function headingAndBody(n) {
  const message = String(n.message ?? '');
  if (n.title) return { heading: n.title, body: message };
  const text = message.trim();
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  if (longerThan(first, HEADING_MAX)) return { heading: excerpt(first), body: message };
  return { heading: first, body: nl < 0 ? '' : text.slice(nl + 1) };
}

// A message longer than this shows its start and a "Show more" button (the rest stays in the DOM).
const LONG_LINES = 8;
const LONG_CHARS = 600;

function messageBody(text) {
  const p = el('p', 'message', text);
  p.dir = 'auto'; // Hebrew or Arabic reads right to left, aligned right
  if (text.length <= LONG_CHARS && text.split('\n').length <= LONG_LINES) return [p];
  p.classList.add('clamped');
  const more = el('button', 'more', 'Show more');
  more.type = 'button';
  more.setAttribute('aria-expanded', 'false');
  more.addEventListener('click', () => {
    const open = p.classList.toggle('clamped') === false;
    more.textContent = open ? 'Show less' : 'Show more';
    more.setAttribute('aria-expanded', String(open));
  });
  return [p, more];
}

/** One notification as a list item. */
export function renderItem(n, now = Date.now()) {
  const level = levelOf(n);
  const li = el('li', `note level-${level}`);
  li.dataset.id = String(n.id);
  li.dataset.level = level;
  const art = el('article');
  art.setAttribute('aria-labelledby', `note-${n.id}-title`);
  art.tabIndex = -1;
  const badge = el('div', 'badge');
  badge.append(icon(level));

  const body = el('div', 'body');
  const head = el('header');
  const { heading, body: text } = headingAndBody(n);
  const title = el('h2', n.title ? 'title' : 'title untitled', heading);
  title.id = `note-${n.id}-title`;
  title.dir = 'auto';
  const href = safeUrl(n.url);
  if (href) {
    const a = el('a', 'title-link', title.textContent);
    a.href = href;
    a.rel = 'noopener noreferrer';
    if (new URL(href).origin !== location.origin) a.target = '_blank';
    title.textContent = '';
    title.append(a);
  }
  const meta = el('div', 'meta');
  meta.append(el('span', `level-tag level-${level}`, LEVELS[level].label));
  const time = el('time', 'when', relativeTime(n.time, now));
  time.dateTime = n.time || '';
  const at = n.time ? Date.parse(n.time) : NaN;
  time.title = Number.isNaN(at) ? '' : FULL_TIME.format(at);
  meta.append(time);
  head.append(title, meta);
  body.append(head);
  if (text) body.append(...messageBody(text));

  const chips = [...(n.topics || []).filter(t => t !== 'all').map(t => ['topic', `#${t}`]),
    ...(n.tags || []).map(t => ['tag', t])];
  if (chips.length) {
    const ul = el('ul', 'chips');
    ul.setAttribute('aria-label', 'Topics and tags');
    for (const [kind, text] of chips) ul.append(el('li', `chip ${kind}`, text));
    body.append(ul);
  }
  art.append(badge, body);
  li.append(art);
  return li;
}

/** Keeps the list in store order, reusing the elements already shown. */
export function renderList(ol, notes, now = Date.now()) {
  const existing = new Map([...ol.children].map(li => [li.dataset.id, li]));
  let prev = null;
  for (const n of notes) {
    let li = existing.get(String(n.id));
    if (li) existing.delete(String(n.id));
    else li = renderItem(n, now);
    const want = prev ? prev.nextSibling : ol.firstChild;
    if (li !== want) ol.insertBefore(li, want);
    prev = li;
  }
  for (const li of existing.values()) li.remove();
}

/**
 * The end of the list: "Load older" while the server may hold more, else `end` ("That's everything").
 * The button stays (disabled by aria, so it keeps focus) while a page loads.
 */
export function renderOlder(box, { shown, end, busy }) {
  box.hidden = shown === 0;
  const button = box.querySelector('#load-older');
  button.hidden = !!end;
  button.textContent = busy ? 'Loading older…' : 'Load older';
  button.setAttribute('aria-disabled', String(busy));
  const last = box.querySelector('#older-end');
  last.hidden = !end;
  if (end && last.textContent !== end) last.textContent = end;
}

export function refreshTimes(root, now = Date.now()) {
  for (const t of root.querySelectorAll('time.when')) t.textContent = relativeTime(t.dateTime, now);
}

const STATUS_TEXT = {
  connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline', denied: 'Not allowed',
};

/** The connection indicator; a countdown while waiting to retry. */
export function renderStatus(box, { state, retryAt }, now = Date.now()) {
  box.dataset.state = state;
  let text = STATUS_TEXT[state] || state;
  if (state === 'reconnecting' && retryAt) {
    const s = Math.max(0, Math.ceil((retryAt - now) / 1000));
    text = s > 0 ? `Reconnecting in ${s} s` : 'Reconnecting…';
  } else if (state === 'reconnecting') {
    text = 'Reconnecting…';
  }
  box.querySelector('.status-text').textContent = text;
}

/** The topic chips; a topic the stream leaves out (refused: [{topic, detail}]) is marked, with the reason. */
export function renderTopics(ul, topics, onRemove, refused = []) {
  ul.replaceChildren();
  for (const t of topics) {
    const li = el('li', 'chip topic removable');
    const name = el('span', null, `#${t}`);
    li.append(name);
    const why = refused.find(r => r.topic === t);
    if (why) {
      li.classList.add('refused');
      li.title = `Not live: ${why.detail || why.error}`;
      name.append(el('span', 'visually-hidden', ' (not live)'));
    }
    const x = el('button', 'chip-remove', '×');
    x.type = 'button';
    x.setAttribute('aria-label', `Unsubscribe from ${t}`);
    x.addEventListener('click', () => onRemove(t));
    li.append(x);
    ul.append(li);
  }
}

/**
 * Id of the last item whose top is on screen or above it, or null. One layout and a binary search
 * (items are in order, top to bottom): measuring each item was a forced layout per arrival.
 */
export function lastOnScreen(ol) {
  const items = ol.children;
  let lo = 0;
  let hi = items.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].getBoundingClientRect().top <= innerHeight) { found = items[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found ? Number(found.dataset.id) : null;
}

/** Ids of the items on screen now. */
export function onScreen(ol) {
  const ids = [];
  for (const li of ol.children) {
    const r = li.getBoundingClientRect();
    if (r.bottom > 0 && r.top < innerHeight && r.height > 0) ids.push(Number(li.dataset.id));
  }
  return ids;
}

/** Greys out these (expired) notifications and says so, once. */
export function markExpired(ol, notes) {
  for (const n of notes) {
    const li = ol.querySelector(`li[data-id="${n.id}"]`);
    if (li && !li.classList.contains('expired')) {
      li.classList.add('expired');
      li.querySelector('.meta')?.append(el('span', 'expired-tag', 'Expired'));
    }
  }
}
