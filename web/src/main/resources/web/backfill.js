// A topic the stream left out (refused without a token, or past the 32 topics of all tabs
// together) and carries again later: what was published for it meanwhile never came live, the
// stream resumes after its own last id, and the refill after each hello asks only for what is newer
// than the newest id the tab holds. So a hole opened in the middle of the list, with no notice.
// Such a topic's history is fetched at the next hello (the stream carries it from then on), from the
// newest down, and each page is merged by id as it comes (what the stream also brings is dropped as a
// duplicate). The list trims as it grows, so the pages stop where it would keep no more: there is no
// fixed number of pages (it was 4 x 500, which left a hole in a list holding more after "Load older").
// A page that fails (5xx, network) is tried again from where it stopped, with backoff, and the page
// says so until the backfill completes (a failure used to wait, silently, for the next hello); until
// then the end of the list does not say "That's everything" (pending()).
import { fetchPage } from './history.js';
import { backoff } from './source.js';
import { isRefusal } from './probe.js';

const PAGE = 500; // the server's largest page
const TRIES = 8;  // 45-90 s of backoff (0.5-1 s doubling up to 15-30 s); then "Try again" or the next hello

/**
 * @param {object} store
 * @param {object} o merge(notes): adds a page's notifications, returns their ids;
 *                   notice({topics, why, retrying}|null): what could not be loaded, or null once all is,
 *                   changed(): pending() may say otherwise now
 */
export function trackCoverage(store, { merge, notice, changed = () => {} }) {
  let leftOut = new Set(); // this tab's topics the stream does not carry
  const due = new Set();   // carried again since: their history is owed
  let job = null;          // { topics, before, era, failures, why, timer, running }

  const say = j => notice(j.why ? { topics: j.topics, why: j.why, retrying: j.failures < TRIES } : null);
  function stop() {
    if (job) clearTimeout(job.timer);
    job = null;
    notice(null);
    changed();
  }

  async function run(j) {
    if (j.running || job !== j) return; // a timer of a job replaced or stopped since
    clearTimeout(j.timer);
    j.running = true;
    try {
      for (;;) {
        const { res, body } = await fetchPage(j.topics, { before: j.before, limit: PAGE });
        if (job !== j) return; // replaced (more topics) or stopped meanwhile
        if (j.era !== store.era) return stop(); // the list started over: it loads everything anew
        // A refusal (the token went meanwhile) is not cured by trying again: the stream leaves the topic out again.
        if (!res.ok && isRefusal({ status: res.status })) return stop();
        if (!res.ok) return failed(j, body.detail || body.error || `HTTP ${res.status}`);
        // Only within what the list spans: below its oldest, other topics' notifications are not held either.
        const floor = () => (store.complete ? 0 : (store.oldestId() ?? 0));
        const notes = body.notifications; // oldest first
        const low = floor();
        merge(notes.filter(n => n.id >= low));
        j.failures = 0;
        // The merge may have trimmed the oldest: the floor rises, and pages below it would be dropped anyway.
        if (!body.hasMore || !notes.length || notes[0].id <= floor()) return stop();
        j.before = notes[0].id;
      }
    } catch {
      if (job === j) failed(j, 'the server could not be reached');
    } finally {
      j.running = false;
    }
  }

  function failed(j, why) {
    j.failures++;
    j.why = why;
    if (j.failures < TRIES) j.timer = setTimeout(() => run(j), backoff(j.failures - 1));
    say(j);
  }

  return {
    /** The stream's latest word on which of this tab's topics it leaves out. */
    leftOutNow(topics) {
      for (const t of leftOut) if (!topics.includes(t)) due.add(t);
      for (const t of topics) due.delete(t);
      leftOut = new Set(topics);
      changed();
      if (!job) return;
      // Left out again: nothing to fetch for it until the stream carries it once more.
      job.topics = job.topics.filter(t => !leftOut.has(t));
      if (!job.topics.length) stop();
      else if (job.why) say(job);
    },

    /** Call on hello: fetches what the topics carried again missed, for the tab's `chosen` topics. */
    fill(chosen) {
      const topics = [...due].filter(t => chosen.includes(t));
      due.clear();
      if (job && job.era !== store.era) stop();
      if (!topics.length && !job) return changed();
      if (store.latestId() == null) return stop(); // an empty list gets the newest page anyway
      const more = topics.filter(t => !job?.topics.includes(t));
      if (more.length || !job) {
        // From the newest again, for all of them (pages already merged come back as duplicates).
        if (job) clearTimeout(job.timer);
        job = { topics: [...(job?.topics ?? []), ...more], before: null, era: store.era, failures: 0, why: job?.why ?? null };
      }
      job.failures = 0; // the stream is back: no need to sit out the backoff
      changed();
      run(job);
    },

    /** Topics whose missed notifications are not all in the list yet (carried again, not yet filled). */
    pending() {
      return [...new Set([...due, ...(job?.topics ?? [])])];
    },

    /** The user's "Try again" after the retries ran out. */
    retryNow() {
      if (job) { job.failures = 0; run(job); }
    },

    /** The list started over (topics, token, a reset): it loads everything anew. */
    listStartedOver() {
      stop();
    },
  };
}
