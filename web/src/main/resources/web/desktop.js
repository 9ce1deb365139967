// Desktop notifications, only after the user opts in with the button (never a prompt on load).
// Errors stay until dismissed. The tag makes a repeat of the same id replace, not stack.
const KEY = 'herald.desktop';
const supported = () => 'Notification' in self;

/** 'unsupported' | 'denied' | 'off' (may ask) | 'on' | 'muted' (granted but switched off here) */
export function desktopState() {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  return localStorage.getItem(KEY) === 'muted' ? 'muted' : 'on';
}

/** The button's action on the state it showed: ask (from a click), or toggle mute once granted. */
export async function toggleDesktop(state = desktopState()) {
  if (state === 'off') {
    await Notification.requestPermission();
    localStorage.removeItem(KEY);
  } else if (state === 'on') {
    localStorage.setItem(KEY, 'muted');
  } else if (state === 'muted') {
    localStorage.removeItem(KEY);
  }
  return desktopState();
}

// Tags name the log too (`herald-<id>@<log>`): a new log numbers from 1 again, and its alert for id 1
// replaced the old log's, silently (a repeat does not renotify), while that was still on screen.
let log = '';
/** The stream's hello named its log: the ids of the alerts from now on are that log's. */
export function alertsFromLog(name) { log = name ? `@${name}` : ''; }

export function showDesktop(n, onClick, tag = `herald-${n.id}${log}`, renotify = false) {
  if (desktopState() !== 'on') return null;
  const note = new Notification(n.title || 'Herald', {
    body: n.message,
    tag,
    renotify, // a replaced alert is silent unless told: a new error in a summary must be heard
    icon: '/icon.svg',
    requireInteraction: n.level === 'error',
    silent: n.level === 'info' || n.level === 'success',
  });
  note.onclick = () => { self.focus(); onClick?.(n); note.close(); };
  return note;
}

// More alerts than this at once (a replay after a reconnect) become one that counts them.
const ONE_BY_ONE = 3;
// A catch-up reaches the page in several batches (and a page fetched at hello brings some first):
// alerts within this long of the burst's first are one burst, and its summary is updated in place
// (one tag). From its first, not the latest: a steady trickle must not become one endless, silent alert.
const BURST_GAP = 5000;
const COUNT = new Intl.NumberFormat();

/** Counts a list of notifications into `t`: how many, the latest, the latest error (by id: a backfill comes newest page first). */
function tally(t, list) {
  const later = (a, n) => (!a || n.id > a.id ? n : a);
  for (const n of list) {
    t.count++;
    t.latest = later(t.latest, n);
    if (n.level === 'error') { t.errors++; t.latestError = later(t.latestError, n); }
    if (n.level === 'warning') t.warning = true;
  }
  return t;
}

const newTally = () => ({ count: 0, errors: 0, latest: null, latestError: null, warning: false });

// One alert for many; it names the latest error when there is one (an outage must not hide behind "Latest: fyi").
function showSummary(t, tag, onClick, renotify) {
  const named = t.latestError ?? t.latest;
  const what = named.title || named.message;
  return showDesktop({
    ...named,
    title: `${COUNT.format(t.count)} new notifications`,
    message: t.errors ? `${t.errors === 1 ? 'Error' : `${t.errors} errors, the latest`}: ${what}` : `Latest: ${what}`,
    level: t.errors ? 'error' : t.warning ? 'warning' : 'info',
  }, () => onClick?.(named), tag, renotify);
}

let burst = null; // { tally, singles (shown one by one so far), tag, started }

/**
 * The alerts of a burst of arrivals (oldest first, in batches): the first few are shown one by one;
 * past three, they close and one alert counts the whole burst, replaced (same tag) as more arrive.
 */
export function alertBurst(list, onClick, now = Date.now()) {
  if (!list.length) return;
  if (!burst || now - burst.started > BURST_GAP) burst = { tally: newTally(), singles: [], tag: null, started: now };
  const errorsBefore = burst.tally.errors;
  tally(burst.tally, list);
  if (burst.tally.count <= ONE_BY_ONE && !burst.tag) {
    burst.singles.push(...list.map(n => showDesktop(n, onClick)));
    return;
  }
  for (const note of burst.singles) note?.close();
  burst.singles = [];
  const replacing = burst.tag != null;
  burst.tag ??= `herald-catch-up-${list[0].id}${log}`;
  showSummary(burst.tally, burst.tag, onClick, replacing && burst.tally.errors > errorsBefore);
}

/** The user looked at the page: the next alert starts a burst of its own. */
export function endBurst() {
  burst = null;
}

/** Calls back when the permission changes elsewhere (site settings, another tab). */
export function watchPermission(callback) {
  navigator.permissions?.query({ name: 'notifications' })
    .then(p => { p.onchange = callback; }, () => {});
}

const LABEL = {
  unsupported: 'Desktop alerts unavailable', denied: 'Desktop alerts blocked',
  off: 'Enable desktop alerts', on: 'Desktop alerts on', muted: 'Desktop alerts muted',
};
const HINT = {
  unsupported: 'This browser cannot show desktop notifications.',
  denied: 'Notifications are blocked for this site: allow them in the browser’s site settings (the icon left of the address), then reload.',
};

/** The on/mute button; kept in step with permission changes made elsewhere. */
export function wireDesktopButton(button, hint) {
  const render = (state = desktopState()) => {
    button.querySelector('.label').textContent = LABEL[state];
    button.dataset.state = state;
    // aria-disabled, not disabled: it stays reachable by keyboard and its hint is read out.
    button.setAttribute('aria-disabled', String(state === 'unsupported' || state === 'denied'));
    button.title = HINT[state] || '';
    hint.textContent = HINT[state] || '';
  };
  // Shown until the reader is done with it: Escape or moving on closes it, no timer reads for them.
  const hideHint = () => hint.classList.remove('shown');
  button.addEventListener('blur', hideHint);
  addEventListener('keydown', e => { if (e.key === 'Escape') hideHint(); });
  // Safari never focuses a tapped button (no blur), and a phone has no Escape: a tap elsewhere closes it.
  addEventListener('pointerdown', e => { if (!button.contains(e.target) && !hint.contains(e.target)) hideHint(); });
  button.addEventListener('click', async () => {
    const state = button.dataset.state;
    if (state === 'unsupported' || state === 'denied') {
      // Said in plain sight too: a tooltip never shows on a touch screen.
      hint.classList.add('shown');
      return;
    }
    render(await toggleDesktop(state));
  });
  watchPermission(() => render());
  addEventListener('storage', e => { if (e.key === KEY) render(); });
  render();
}
