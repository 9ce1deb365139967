// Why a stream failed before `hello`: EventSource reports only "error", never the status or body.
// Asking the same URL with fetch() reads the server's JSON refusal; a 200 means the refusal (if
// any) is over, and the probe hangs up at once so it holds no second stream.
const TIMEOUT = 10000;

/** { status, error, detail, ...the refusal's other fields }; status 0 when the server could not be reached. */
export async function probe(url) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT);
  try {
    const res = await fetch(url, { signal: ctl.signal, cache: 'no-store', headers: { Accept: 'text/event-stream' } });
    if (res.ok) return { status: res.status, error: '', detail: '' };
    const body = await res.json().catch(() => ({}));
    // Every field of the refusal: a 403 names its `topic`, a refused token says whether `anonymous` access is off.
    return { ...body, status: res.status, error: body.error || '', detail: body.detail || '' };
  } catch {
    return { status: 0, error: '', detail: '' };
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
}

/** A refusal that retrying the same request will not cure (401, 403, 400…; not 408/429). */
export function isRefusal(why) {
  return why.status >= 400 && why.status < 500 && why.status !== 408 && why.status !== 429;
}

/** The private topic a 403 names (its `topic` field; older servers only in "topic user.bob is private: …"), if it is one of `topics`. */
export function namedTopic(why, topics) {
  const m = /^topic (\S+) is private/.exec(why.detail || '');
  const named = why.topic || (m && m[1]);
  return named && topics.includes(named) ? named : null;
}
