// The boxes above the list that say why something is missing: the server refused the stream (no
// or a bad token), refused some topics (private, too many), would not give the history, or a late
// topic's backfill could not complete.
const $ = sel => document.querySelector(sel);

const DENIED_TITLE = {
  token_required: 'This server needs a subscriber token.',
  invalid_token: 'Your subscriber token was not accepted.',
  private_topic: 'Your token does not allow these topics.',
};

/** `why` ({error, detail}) from the stream or the history, or null when both are let in. */
export function showDenied(why) {
  const box = $('#denied');
  box.hidden = !why;
  if (!why) return;
  $('#denied-title').textContent = DENIED_TITLE[why.error] || 'The server refused the live stream.';
  $('#denied-detail').textContent = why.detail || '';
  // A bad token is not fixed by the link that brought it: a new link, or going without one.
  $('#denied-hint').hidden = why.error === 'invalid_token';
  $('#denied-bad-token').hidden = why.error !== 'invalid_token';
  // Without a token this server refuses the stream too: forgetting it would not show anything.
  $('#denied-forget').hidden = why.anonymous === 'off';
}

/** Topics this tab asked for that the stream leaves out: [{topic, error, detail}]. */
export function showRefused(list) {
  const box = $('#refused');
  box.hidden = !list.length;
  const ul = $('#refused-list');
  ul.replaceChildren();
  for (const r of list) {
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = `#${r.topic}`;
    li.append(name, `: ${r.detail || r.error}`);
    ul.append(li);
  }
}

/** A history answer that was not OK (null clears); `what` says which load failed. */
export function showHistoryError(why, what = 'Could not load the list') {
  const p = $('#history-error');
  p.hidden = !why;
  p.textContent = why ? `${what}: ${why.detail || why.error || `HTTP ${why.status}`}` : '';
}

/**
 * A late topic's backfill that could not complete ({topics, why, retrying}), or null once it did:
 * part of the list is missing, so the page says which topics and whether it keeps trying.
 */
export function showBackfillTrouble(t) {
  const box = $('#backfill-note');
  box.hidden = !t;
  if (!t) return;
  const names = t.topics.map(x => `#${x}`).join(', ');
  $('#backfill-text').textContent = `Could not load what ${names} missed while ${t.topics.length > 1 ? 'they were' : 'it was'}` +
    ` not live (${t.why}). ${t.retrying ? 'Trying again…' : ''}`;
  $('#backfill-retry').hidden = t.retrying;
}
