// What counts as new, whichever path brings it: the stream's events, and what a page fetched after the
// stream's hello (the refill after the newest id held, a late topic's backfill) with an id above the
// newest this tab held at that hello. The refill lands before the replay, and what it brought counted
// as history: 2,000 missed said "1,900 new notifications". New ones count unread while the tab is not
// looked at, are said, raise desktop alerts, and wait behind the bar when the reader is scrolled down
// and they would take the list past its cap (store.held). Scrolled down, a catch-up (what is new and
// no newer than the hello's latestId: the replay, the refill, a backfill) waits whole, fitting or not:
// its first batch went in above the reader while the rest waited, so the list and the bar split it.
// A backfill also brings what the stream never carried: published after this list started (the newest
// page's latestId), it is news as well, goes where it belongs (never behind the bar), and its alert is
// routed by the stream's owner like a live one (route()); what predates the list stays history.
// After the server's data started over (a reset: ids from 1 again, nothing to compare with), the new list's
// newest page is news when published after the newest the old list held (store.newsAfter), routed alike.
import { alertBurst, alertsFromLog } from './desktop.js';

const ALERTED_KEPT = 1000;
const STREAMED_KEPT = 50000; // the first ones after a hello: the refill brings the oldest of a catch-up

/**
 * @param {object} o store, list (the <ol>), announcer, receipts, viewed(): the user looks at this tab,
 *                   scrolledDown(): the reader is below the top, focusNote(n): a desktop alert was clicked,
 *                   route(notes): asks the stream which tab alerts for these, answered as stream events
 */
export function trackArrivals(o) {
  const { store, list, announcer, receipts } = o;
  let mark = null;      // the newest id held at the stream's last hello (an empty list: where it started)
  let markEra = -1;     // the list it was taken in: a list started over has no mark (its first page is history)
  let emptyAtHello = false; // ...and the list was empty then: its newest page stands in for the backfill
  let through = null;   // the hello's latestId: new ones up to it are that hello's catch-up
  let since = null;     // the newest id on the server when this list started (its newest page said)
  let sinceEra = -1;
  const paged = new Set(); // new ids a page brought first: their alert comes with the stream's copy (or route())
  // Ids the stream brought since the last hello, in this list: a page answering after the stream went past
  // them and the trim dropped them brings no news (the refill landing after a replay of 2,000: "(2100) Herald").
  const streamed = new Set();
  let streamedEra = -1;
  const alerted = new Set(); // ids this tab alerted for, or was looked at when told to (the newest ALERTED_KEPT): a copy routed twice alerts once
  let alertedEra = -1;

  const marked = () => mark != null && markEra === store.era;
  const caughtUp = n => marked() && through != null && n.id > mark && n.id <= through;

  function arrive(notes, more = false, hold = o.scrolledDown()) {
    if (!o.scrolledDown()) store.showHeld(); // back at the top: what waited goes first, in order
    const waited = store.waiting();
    const whole = more || notes.some(caughtUp); // held together (scrolled down), even if it fits
    const fresh = store.add(notes, { live: true, hidden: !o.viewed(), hold, more: whole });
    const ids = new Set(fresh.map(n => n.id));
    if (fresh.length && store.waiting() > waited) {
      announcer.waiting(store.waiting());
    } else {
      for (const li of list.children) if (ids.has(Number(li.dataset.id))) li.classList.add('new');
      for (const n of fresh) announcer.arrival(n); // a burst is said as one line
    }
    return ids;
  }

  return {
    /** The stream said hello: what pages bring from now on and is newer than the newest held is new. */
    hello(h) {
      // An empty list that has started (its newest page answered): what came after that start is new.
      // It had no mark, so the late ones its page brought (the backfill is skipped there) were history.
      emptyAtHello = store.latestId() == null && sinceEra === store.era && since != null;
      mark = emptyAtHello ? since : store.latestId();
      markEra = store.era;
      through = h?.latestId ?? null;
      paged.clear();
      streamed.clear();
      alertsFromLog(h?.log);
    },

    /**
     * The stream's events for this tab ([{n, alert, routed}]); `alert` when this tab raises their alert,
     * `routed`: a page brought it (here or in another tab) and the stream's owner picked this tab to alert.
     */
    events(batch) {
      // A page brought it first and the trim dropped it since (a late one below the cap): its stream or
      // routed copy is not news again (it was counted unread twice). Its alert still comes (below).
      const trimmed = n => markEra === store.era && paged.has(n.id) && !store.byId.has(n.id) && !store.held.has(n.id);
      const fresh = arrive(batch.map(e => e.n).filter(n => !trimmed(n)));
      receipts.delivered([...fresh]);
      if (streamedEra !== store.era) { streamed.clear(); streamedEra = store.era; }
      for (const e of batch) if (streamed.size < STREAMED_KEPT) streamed.add(e.n.id);
      // The stream picks the one tab that alerts (none while a Herald tab showing it is looked at).
      // A routed copy is news to the tab that routed it, whatever this one holds: a tab whose list started
      // after it was published held it as history, took the copy for a repeat, and neither tab alerted.
      // Nothing retracted meanwhile alerts (a routed copy may come after the retract).
      if (alertedEra !== store.era) { alerted.clear(); alertedEra = store.era; }
      const alerts = batch.filter(e => {
        const cameFirstByPage = paged.delete(e.n.id);
        return e.alert && !alerted.has(e.n.id) && !store.gone.has(e.n.id) && (fresh.has(e.n.id) || cameFirstByPage || e.routed);
      });
      for (const e of alerts) alerted.add(e.n.id); // seen, if not alerted: a later copy is no news either
      while (alerted.size > ALERTED_KEPT) alerted.delete(alerted.values().next().value);
      if (alerts.length && !o.viewed()) alertBurst(alerts.map(e => e.n), o.focusNote);
    },

    /** The list's newest page said the server's newest id: a backfill's news is what comes after it. */
    listStarted(latestId) {
      since = latestId ?? null;
      sinceEra = store.era;
    },

    /**
     * A page's notifications for this tab: those newer than the mark arrive, the rest is history.
     * `more`: more new ones follow (the refill's page was full); `newest`: the list's newest page, after a
     * reset news when published after the newest the old list held. Returns the ids added.
     */
    page(notes, { more = false, newest = false } = {}) {
      // A list empty at hello: the stream replays only part of what that page brings (not a late topic's).
      const routeNew = newest && emptyAtHello && marked();
      return take(notes, more, false, newest ? store.newsAfter : null, routeNew);
    },

    /** A late topic's backfill page: as page(), and what the stream never carried is news too. */
    backfill(notes) {
      return take(notes, false, true);
    },
  };

  function take(notes, more, backfill, newsAfter = null, routeNew = false) {
    // Came by the stream and trimmed since: shown and counted once already (the trim keeps its unread count).
    const dropped = n => streamedEra === store.era && streamed.has(n.id) && !store.byId.has(n.id) && !store.held.has(n.id);
    notes = notes.filter(n => !dropped(n));
    // The server's data started over (store.clear): its ids say nothing about the old list's, its time does.
    // The stream resumed past them (or replays them: then they come twice, and alert once).
    const isNew = n => (marked() && n.id > mark) || (newsAfter != null && Date.parse(n.time) > newsAfter);
    // Below the mark (the stream resumed past it, it will not bring them): news if published after the list started.
    const isLate = n => backfill && !isNew(n) && sinceEra === store.era && since != null && n.id > since;
    const history = store.add(notes.filter(n => !isNew(n) && !isLate(n)));
    const fresh = arrive(notes.filter(isNew), more);
    const late = arrive(notes.filter(isLate), false, false); // in its place, below what is held
    for (const id of [...fresh, ...late]) paged.add(id);
    // The stream may never bring them (the topic was not carried then, a new log's ids below where it resumed):
    // it names the tab that alerts.
    if (backfill || newsAfter != null || routeNew) o.route(notes.filter(n => fresh.has(n.id) || late.has(n.id)));
    const added = [...history.map(n => n.id), ...fresh, ...late];
    receipts.delivered(added);
    return added;
  }
}
