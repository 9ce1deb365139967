// The bar above the list while arrivals wait (store.held, while the reader is scrolled down):
// "N new notifications — show". A real button, which stays in sight (sticky) and takes no room in
// the flow; the announcer says how many wait. It shows the newest at the top and trims the list to
// its cap, and so does scrolling back to the top.
const COUNT = new Intl.NumberFormat();

/** Shows the bar with its count, or hides it; true while it shows. */
export function renderNewBar(box, count) {
  box.hidden = count === 0;
  if (count) box.querySelector('.label').textContent = `${COUNT.format(count)} new notification${count === 1 ? '' : 's'} — show`;
  return count > 0;
}

/** Wires the bar's button; focusNote(n) shows one notification (a desktop alert was clicked), waiting or not. */
export function wireNewBar(button, list, store) {
  button.addEventListener('click', () => {
    scrollTo(0, 0); // first: at the top the trim keeps the newest only (store.oldestRead)
    store.showHeld();
    // The button goes with the bar: focus moves to the newest, not to <body>.
    list.querySelector('li article')?.focus({ preventScroll: true });
  });
  addEventListener('scroll', () => { if (scrollY <= 0) store.showHeld(); }, { passive: true });
  // Just under the sticky top bar, whose height depends on the width and on what it shows (one row or two
  // on a phone): a fixed offset for two rows left a 47 px strip of the list above the bar at 360 px.
  const top = document.querySelector('.top');
  new ResizeObserver(() => document.documentElement.style.setProperty('--top-bar', `${top.offsetHeight}px`))
    .observe(top, { box: 'border-box' });
  return {
    focusNote(n) {
      if (!store.byId.has(n.id) && store.waiting()) { scrollTo(0, 0); store.showHeld(); } // it waits behind the bar
      const li = list.querySelector(`li[data-id="${n.id}"]`);
      li?.scrollIntoView({ block: 'center' });
      li?.querySelector('article')?.focus();
    },
  };
}
