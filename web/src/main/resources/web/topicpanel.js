// The Topics panel: which topics this tab is subscribed to (from the link or the user's saved choice),
// the form that adds them, the chips that remove them, and the view's share link. It owns the choice;
// app.js hears of each change (`changed`) and reopens the stream and the list for it.
import * as topics from './topics.js';
import { renderTopics } from './view.js';

const $ = sel => document.querySelector(sel);

/**
 * @param {object} o announce(text): to screen readers; changing(): a change is about to reopen the stream;
 *                   changed(chosen): the choice changed (also on Keep them)
 * @returns {{ chosen(): string[], refused(list): object[] }} refused: what the stream leaves out, kept to
 *          this tab's topics (returned) and marked on their chips
 */
export function wireTopicPanel({ announce, changing, changed }) {
  const initial = topics.load();
  let chosen = initial.topics.slice(0, topics.MAX_CHOSEN);
  let shared = initial.shared; // someone's ?topic= link: shown, not saved over the user's own choice
  let refused = [];            // this tab's topics the stream leaves out, with the server's reason
  topics.save(chosen, { remember: !shared }); // the URL shows what is subscribed

  function removeTopic(t) {
    apply(chosen.filter(x => x !== t));
    $('#topic-input').focus(); // the removed chip's button had focus
  }

  // A shared view stays someone else's until Keep them: changing it changes this view only, and the
  // user's saved topics stay as they were (the note says so; they used to be overwritten).
  function apply(next, { keep = false } = {}) {
    const added = next.filter(t => !chosen.includes(t));
    const removed = chosen.filter(t => !next.includes(t));
    if (added.length || removed.length) {
      changing();
      announce([added.length ? `Subscribed to ${added.map(t => '#' + t).join(', ')}` : '',
        removed.length ? `Unsubscribed from ${removed.map(t => '#' + t).join(', ')}` : ''].filter(Boolean).join('. '));
    }
    chosen = next;
    if (keep) shared = false;
    topics.save(chosen, { remember: !shared }); // the address bar follows either way
    render();
    changed(chosen);
  }

  function error(text) {
    $('#topic-error').textContent = text;
    if (text) $('#topic-input').setAttribute('aria-invalid', 'true');
    else $('#topic-input').removeAttribute('aria-invalid');
  }

  $('#topic-form').addEventListener('submit', e => {
    e.preventDefault();
    const input = $('#topic-input');
    const { names, problem } = topics.read(input.value);
    if (problem || !names.length) return error(problem || 'Type a topic name, e.g. ops.');
    const next = [...new Set([...chosen, ...names])];
    if (next.length === chosen.length) {
      // Nothing new: keep the list (and the pages loaded into it) as it is.
      input.value = '';
      return error(`Already subscribed to ${names.map(n => '#' + n).join(', ')}.`);
    }
    if (next.length > topics.MAX_CHOSEN) {
      return error(`Up to ${topics.MAX_CHOSEN} topics (broadcasts come anyway); remove ${next.length - topics.MAX_CHOSEN} first.`);
    }
    error('');
    input.value = '';
    apply(next);
  });
  $('#keep-topics').addEventListener('click', () => {
    apply(chosen, { keep: true });
    $('#topic-input').focus();
  });

  function render() {
    renderTopics($('#topic-list'), chosen, removeTopic, refused);
    const n = chosen.length;
    $('#topics-summary').textContent = n ? `${n} topic${n > 1 ? 's' : ''}` : 'Broadcasts only';
    $('#topic-note').hidden = !shared;
    // The link to this very view once there is one (the example otherwise).
    $('#share-query').textContent = topics.query(n ? chosen : ['ops']);
  }
  render();

  // What the link asked for that cannot be had.
  const problems = [];
  if (initial.invalid.length) {
    problems.push(`Not topic names (letters, digits and _.:- only), left out: ${initial.invalid.map(t => `"${t}"`).join(', ')}.`);
  }
  if (initial.topics.length > chosen.length) {
    problems.push(`Up to ${topics.MAX_CHOSEN} topics; not subscribed: ${initial.topics.slice(topics.MAX_CHOSEN).join(', ')}.`);
  }
  if (problems.length) error(problems.join(' '));

  return {
    chosen: () => chosen,
    refused(list) {
      refused = list.filter(x => chosen.includes(x.topic));
      render();
      return refused;
    },
  };
}
