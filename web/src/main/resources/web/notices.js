// The boxes above the list that say why something is missing: the server refused the stream (no
// or a bad token), refused some topics (private, too many), or would not give the history.
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
