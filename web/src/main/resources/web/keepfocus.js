// A card that leaves the list with focus in it (withdrawn, expired on a reload, trimmed when what waited
// behind the bar is shown) took focus to <body>: a screen reader lost its place and Tab started over at the
// top of the page. Focus goes to the card that took its place instead, else the one before it; at the top
// of the page (what waited was just shown, the rest trimmed) to the newest, as the bar's button does.

/** Runs render(), which may remove cards from `list`, and keeps focus in the list if it was in a card. */
export function renderKeepingFocus(list, render) {
  const card = document.activeElement?.closest?.('li');
  if (!card || card.parentElement !== list) return render();
  const before = [...list.children];
  const at = before.indexOf(card);
  render();
  if (card.isConnected) return;
  const kept = li => li.parentElement === list;
  const next = before.slice(at + 1).find(kept);
  const previous = before.slice(0, at).reverse().find(kept);
  const target = next ?? (scrollY <= 0 ? list.firstElementChild : previous) ?? list.firstElementChild;
  (target?.querySelector('article') ?? list).focus();
}
