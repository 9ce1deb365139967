// The subscriber token a link brought (?token=): kept as the herald_token cookie, which the stream
// (also in the shared worker) and history send by themselves. A session cookie on purpose: it
// leaves with the browser session, so a shared computer does not keep it (docs/security.md).
const NAME = 'herald_token';

/** Moves a ?token= from the address bar into the cookie; true when there was one. */
export function takeFromLink() {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return false;
  // Secure on https: the browser then never sends the token over plain http to this host.
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${NAME}=${encodeURIComponent(token)}; path=/; SameSite=Strict${secure}`;
  const url = new URL(location.href);
  url.searchParams.delete('token');
  history.replaceState(null, '', url);
  return true;
}

export function inUse() {
  return document.cookie.split(';').some(c => c.trim().startsWith(`${NAME}=`));
}

export function forget() {
  document.cookie = `${NAME}=; path=/; Max-Age=0; SameSite=Strict`;
}
