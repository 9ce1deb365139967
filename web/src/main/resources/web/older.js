// "Load older": the page before the oldest shown (history.js), added at the end of the list. Focus
// stays on the button, or moves to "That's everything" when the button goes. That line claims it
// only once a late topic's backfill is done too (it showed while the backfill was being retried).
import { fetchPage } from './history.js';
import { matches } from './topics.js';
import { renderOlder } from './view.js';
import { showHistoryError } from './notices.js';

/**
 * @param {Element} box the #older box
 * @param {object} o store, receipts, topics(): the tab's topics with the broadcast one, announce(text),
 *                   missing(): topics whose backfill is not done (backfill.js)
 * @returns {{ render(): void }} redraws the box (call on every change of the store or of missing())
 */
export function wireLoadOlder(box, { store, receipts, topics, announce, missing }) {
  let busy = false;
  // Nothing older is on the server; what the list ends with says whether anything within it is still missing.
  const end = () => {
    if (!store.complete) return null;
    const late = missing();
    return late.length ? `Not everything yet: what ${late.map(t => `#${t}`).join(', ')} missed is not all loaded.` : 'That’s everything.';
  };
  const render = () => renderOlder(box, { shown: store.byId.size, end: end(), busy });

  async function loadOlder() {
    const before = store.oldestId();
    if (busy || before == null) return;
    const era = store.era;
    const hadFocus = box.contains(document.activeElement); // hiding the button will take it away
    busy = true;
    render();
    let failure = null;
    try {
      const { res, body } = await fetchPage(topics(), { before });
      if (era !== store.era) return; // the list started over meanwhile (topics, token, reset)
      if (!res.ok) {
        failure = { status: res.status, ...body };
      } else {
        const fresh = store.add(body.notifications.filter(n => matches(n, topics())), { older: true });
        receipts.delivered(fresh.map(n => n.id));
        store.setComplete(!body.hasMore);
        const n = fresh.length;
        const last = end();
        announce(`${n} older notification${n === 1 ? '' : 's'} loaded${last ? `. ${last}` : ''}`);
      }
    } catch {
      failure = { error: 'the server could not be reached' };
    } finally {
      busy = false;
      if (era === store.era) {
        showHistoryError(failure, 'Could not load older notifications');
        render();
        if (hadFocus && end()) box.querySelector('#older-end').focus();
      }
    }
  }
  box.querySelector('#load-older').addEventListener('click', loadOlder);
  return { render };
}
