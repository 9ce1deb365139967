// Text cut for a heading, an announcement or a message: by what a reader sees as one character
// (a grapheme: an emoji with its skin tone or family joiners, a letter with its accents). Cutting
// UTF-16 units split an emoji into a lone surrogate, shown as "�" (a 78-letter line and an emoji).
const SEGMENTER = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

// Where each grapheme starts (code points where Intl.Segmenter is missing: no emoji split in two, at least).
function* starts(text) {
  if (SEGMENTER) {
    for (const { index } of SEGMENTER.segment(text)) yield index;
    return;
  }
  let index = 0;
  for (const ch of text) { yield index; index += ch.length; }
}

/** Where grapheme number `n` (0-based) starts, or -1 when the text has no more than `n`. */
function startOf(text, n) {
  if (text.length <= n) return -1; // never more graphemes than units
  let i = 0;
  for (const index of starts(text)) if (i++ === n) return index;
  return -1;
}

/** More than `max` graphemes. */
export function longerThan(text, max) {
  return startOf(text, max) >= 0;
}

/** At most `max` graphemes: the first `max - 1` and "…" when it is longer. */
export function cut(text, max) {
  if (!longerThan(text, max)) return text;
  return `${text.slice(0, startOf(text, max - 1)).trimEnd()}…`;
}
