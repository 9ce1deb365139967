// What screen readers hear (an aria-live region): arrivals, older pages loaded, withdrawn ones, and
// how many wait behind the "N new notifications" bar.
import { excerpt } from './view.js';

// Arrivals: the first is said at once; what comes within the next second is said as one line
// ("20 more new notifications. Latest: …"), not twenty lines that cut each other off.
const ARRIVAL_WINDOW = 1000;
const COUNT = new Intl.NumberFormat();

export function createAnnouncer(region) {
  let arrivals = [];
  let arrivalTimer = null;

  function say(text) {
    region.textContent = '';
    // A fresh text node after a tick makes screen readers repeat even identical messages.
    setTimeout(() => { region.textContent = text; }, 50);
  }

  const arrivalLine = n => `${n.level || 'info'}: ${n.title || excerpt(n.message)}`;

  function arrival(n) {
    if (arrivalTimer) { arrivals.push(n); return; }
    say(arrivalLine(n));
    const flush = () => {
      if (!arrivals.length) { arrivalTimer = null; return; }
      const [count, latest] = [arrivals.length, arrivals[arrivals.length - 1]];
      arrivals = [];
      say(count === 1 ? arrivalLine(latest)
        : `${count} more new notifications. Latest: ${arrivalLine(latest)}`);
      arrivalTimer = setTimeout(flush, ARRIVAL_WINDOW);
    };
    arrivalTimer = setTimeout(flush, ARRIVAL_WINDOW);
  }

  // Arrivals held behind the bar: the count is said at once, then at most once a second while it grows.
  let waitingCount = 0;
  let waitingSaid = 0;
  let waitingTimer = null;
  const waitingLine = n => `${COUNT.format(n)} new notification${n === 1 ? '' : 's'} above the list. ` +
    'The button at its top shows them.';
  function waiting(count) {
    waitingCount = count;
    if (waitingTimer || !count) return;
    const sayIt = () => {
      waitingSaid = waitingCount;
      say(waitingLine(waitingCount));
      waitingTimer = setTimeout(() => (waitingCount && waitingCount !== waitingSaid ? sayIt() : (waitingTimer = null)),
        ARRIVAL_WINDOW); // waiting(0) in the meantime (shown): nothing more is said
    };
    sayIt();
  }

  return { say, arrival, waiting };
}
