// A topic the stream left out (refused without a token, or past the 32 topics of all tabs
// together) and carries again later: what was published for it meanwhile never came live, the
// stream resumes after its own last id, and the refill after each hello asks only for what is newer
// than the newest id the tab holds. So a hole opened in the middle of the list, with no notice.
// Such a topic's history is fetched at the next hello (the stream carries it from then on), from the
// newest down to the oldest id the list holds, and merged by id (what the stream also brings is
// dropped as a duplicate).
import { fetchPage } from './history.js';

const PAGE = 500;     // the server's largest page
const MAX_PAGES = 4;  // more than the list keeps anyway (store.js: 200, or what was loaded plus 200)

export function trackCoverage(store) {
  let leftOut = new Set(); // this tab's topics the stream does not carry
  const due = new Set();   // carried again since: their history is owed

  return {
    /** The stream's latest word on which of this tab's topics it leaves out. */
    leftOutNow(topics) {
      for (const t of leftOut) if (!topics.includes(t)) due.add(t);
      for (const t of topics) due.delete(t);
      leftOut = new Set(topics);
    },

    /**
     * Call on hello: merges what the topics carried again missed, for the tab's `chosen` topics;
     * returns the notifications added.
     */
    async fill(chosen) {
      const topics = [...due].filter(t => chosen.includes(t));
      due.clear();
      if (!topics.length || store.latestId() == null) return []; // an empty list gets the newest page anyway
      const era = store.era;
      const owed = () => { for (const t of topics) if (!leftOut.has(t)) due.add(t); return []; }; // at the next hello
      const found = [];
      // From the newest down: the refill after the newest id held is one page (100) only, and the
      // stream resumes after its own last id, which other tabs' topics may have moved far past it.
      let before = null;
      try {
        for (let page = 0; page < MAX_PAGES; page++) {
          const { res, body } = await fetchPage(topics, { before, limit: PAGE });
          if (era !== store.era) return []; // the list started over: it loads everything anew
          if (!res.ok) return owed();
          // Only within what the list spans: below its oldest, other topics' notifications are not held either.
          const floor = store.complete ? 0 : (store.oldestId() ?? 0);
          const notes = body.notifications; // oldest first
          found.push(...notes.filter(n => n.id >= floor));
          if (!body.hasMore || !notes.length || notes[0].id <= floor) break;
          before = notes[0].id;
        }
      } catch {
        return owed(); // offline
      }
      return store.add(found); // by id: whatever came live meanwhile, or was retracted (store.gone), stays as it is
    },
  };
}
