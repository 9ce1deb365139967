// What screen readers hear (an aria-live region): arrivals, older pages loaded, withdrawn ones, and
// how many wait behind the "N new notifications" bar.
import { excerpt } from './view.js';

// Arrivals: the first is said at once; what comes next is said as one line ("20 more new notifications.
// Latest: …"), not twenty lines that cut each other off. While it keeps coming the wait between lines
// doubles (1 s, 2 s, 4 s, 8 s, then 10 s): a line takes seconds to speak, and one a second (1,000 quick
// publishes) piled up behind itself for minutes. A quiet window starts over at 1 s, and so does reset().
const FIRST_WINDOW = 1000;
const LONGEST_WINDOW = 10000;
const COUNT = new Intl.NumberFormat();

/**
 * poke(): speak() at once, then at most once per window while poked; speak() answers whether it said
 * anything. reset(): what was being paced is over, so the next poke speaks at once.
 */
function paced(speak) {
  let timer = null;
  let wait = FIRST_WINDOW;
  let pending = false;
  const reset = () => {
    clearTimeout(timer);
    [timer, wait, pending] = [null, FIRST_WINDOW, false];
  };
  const tick = () => {
    if (pending && speak()) {
      pending = false;
      wait = Math.min(wait * 2, LONGEST_WINDOW);
      timer = setTimeout(tick, wait);
    } else {
      reset();
    }
  };
  const poke = () => {
    if (timer) { pending = true; return; }
    if (speak()) timer = setTimeout(tick, wait);
  };
  return { poke, reset };
}

export function createAnnouncer(region) {
  function say(text) {
    region.textContent = '';
    // A fresh text node after a tick makes screen readers repeat even identical messages.
    setTimeout(() => { region.textContent = text; }, 50);
  }

  const arrivalLine = n => `${n.level || 'info'}: ${n.title || excerpt(n.message)}`;
  let arrivals = [];
  const arrivalPacer = paced(() => {
    if (!arrivals.length) return false;
    const [count, latest] = [arrivals.length, arrivals[arrivals.length - 1]];
    arrivals = [];
    // The first of a burst is said alone, at once: a line with a count follows it.
    say(count === 1 ? arrivalLine(latest) : `${count} more new notifications. Latest: ${arrivalLine(latest)}`);
    return true;
  });
  function arrival(n) {
    arrivals.push(n);
    arrivalPacer.poke();
  }

  // Arrivals held behind the bar: the count is said at once, then paced like arrivals while it grows.
  let waitingCount = 0;
  let waitingSaid = 0;
  const waitingLine = n => `${COUNT.format(n)} new notification${n === 1 ? '' : 's'} above the list. ` +
    'The button at its top shows them.';
  const waitingPacer = paced(() => {
    if (!waitingCount || waitingCount === waitingSaid) return false; // waiting(0) meanwhile (shown): nothing more
    waitingSaid = waitingCount;
    say(waitingLine(waitingCount));
    return true;
  });
  function waiting(count) {
    waitingCount = count;
    if (count) { waitingPacer.poke(); return; }
    // Shown: the same count later is news again, and a new wait is a new burst, said at once
    // (not after the old one's window, up to 10 s).
    waitingSaid = 0;
    waitingPacer.reset();
  }

  return { say, arrival, waiting };
}
