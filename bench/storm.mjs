#!/usr/bin/env node
// Reconnect storm: N SSE clients are dropped at once, M notifications are published while they are
// away, then all N reconnect at once with Last-Event-ID. Measures how long until every client has
// every missed event (exactly once), and the latency of GET <health> polled during the storm.
//
//   node bench/storm.mjs --port 8080 --clients 10000 --missed 20 [--health /observe/health] [--sources 4]
//
// Works against any server whose stream carries `id: N` lines and honours Last-Event-ID
// (Herald; the seed's Express server has no replay, so it is not a peer here). Prints one JSON object.
import net from 'node:net';
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((kv) => { const [k, ...v] = kv.trim().split(/\s+/); return [k, v.join(' ') || 'true']; }));
const HOST = '127.0.0.1', PORT = +(args.port ?? 8080);
const CLIENTS = +(args.clients ?? 1000), MISSED = +(args.missed ?? 20);
const HEALTH = args.health ?? '/observe/health', SOURCES = +(args.sources ?? 1);
const DEADLINE_MS = +(args.deadline ?? 60000);
const now = () => performance.now();
const log = (...m) => process.stderr.write(m.join(' ') + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect(i, lastId, onId) {
  return new Promise((resolve) => {
    const local = SOURCES > 1 ? `127.0.0.${1 + (i % SOURCES)}` : undefined;
    const sock = net.connect({ host: HOST, port: PORT, localAddress: local });
    let buf = '', head = false;
    sock.setEncoding('latin1');
    sock.on('connect', () => sock.write(`GET /events HTTP/1.1\r\nHost: ${HOST}\r\nAccept: text/event-stream\r\n`
      + (lastId != null ? `Last-Event-ID: ${lastId}\r\n` : '') + '\r\n'));
    sock.on('data', (d) => {
      buf += d;
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buf.slice(0, 16);
        head = true; buf = buf.slice(end + 4);
        resolve({ sock, ok: / 200 /.test(status) });
      }
      const cut = buf.lastIndexOf('\n');
      if (cut < 0) return;
      for (const m of buf.slice(0, cut).matchAll(/^id: (\d+)\r?$/gm)) onId(+m[1]);
      buf = buf.slice(cut + 1);
    });
    sock.on('error', (e) => { if (!head) { head = true; resolve({ sock, ok: false, error: e.code }); } });
    sock.on('close', () => { if (!head) { head = true; resolve({ sock, ok: false, error: 'closed' }); } });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function request(method, path, body) {
  return new Promise((resolve) => {
    const t0 = now();
    const req = http.request({ host: HOST, port: PORT, path, method, agent,
      headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text, ms: now() - t0 }));
    });
    req.on('error', (e) => resolve({ status: e.code, ms: now() - t0 }));
    req.end(body);
  });
}
const publish = async (text) => JSON.parse((await request('POST', '/notify', JSON.stringify({ message: text }))).text).id;

async function main() {
  const clients = Array.from({ length: CLIENTS }, () => ({ last: 0, got: new Map() }));
  // Wall clock (epoch s) of each phase, to place the separate health probes' stalls in one.
  const at = { connecting: Date.now() / 1000 };
  for (let i = 0; i < CLIENTS; i += 500) {
    await Promise.all(clients.slice(i, i + 500).map((c, k) => connect(i + k, null, (id) => { c.last = Math.max(c.last, id); })
      .then((r) => { c.conn = r; })));
  }
  log(`connected ${clients.filter((c) => c.conn.ok).length}/${CLIENTS}`);
  at.connected = Date.now() / 1000;
  const warm = await publish('storm:warm');
  const t0 = now();
  while (clients.some((c) => c.last < warm) && now() - t0 < 30000) await sleep(50);
  log(`all have id ${warm}; dropping every connection at once`);
  at.dropping = Date.now() / 1000;
  for (const c of clients) c.conn.sock.destroy();
  await sleep(500);
  const missed = [];
  for (let k = 0; k < MISSED; k++) missed.push(await publish(`storm:${k}`));
  const missedSet = new Set(missed);

  const health = [];
  let polling = true;
  const poller = (async () => { while (polling) { health.push(await request('GET', HEALTH)); await sleep(50); } })();

  const start = now();
  at.reconnecting = Date.now() / 1000;
  let done = 0, dup = 0, unexpected = 0;
  const doneAt = [];
  const reconnects = clients.map((c, i) => {
    const from = c.last;
    return connect(i, from, (id) => {
      if (c.got.has(id)) { dup++; return; }
      c.got.set(id, true);
      if (!missedSet.has(id)) { if (id > from) unexpected++; return; }
      if (missed.every((m) => c.got.has(m))) { done++; doneAt.push(now() - start); }
    }).then((r) => { c.conn = r; });
  });
  await Promise.all(reconnects);
  const connectedMs = now() - start;
  at.reconnected = Date.now() / 1000;
  while (done < CLIENTS && now() - start < DEADLINE_MS) await sleep(20);
  const allMs = now() - start;
  at.caughtUp = Date.now() / 1000;
  polling = false; await poller;
  at.closing = Date.now() / 1000;
  for (const c of clients) c.conn.sock.destroy();
  agent.destroy();

  const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? +s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)].toFixed(1) : null; };
  const hm = health.map((h) => h.ms);
  const missing = clients.reduce((n, c) => n + missed.filter((m) => !c.got.has(m)).length, 0);
  process.stdout.write(JSON.stringify({
    clients: CLIENTS, missedPerClient: MISSED, reconnected: clients.filter((c) => c.conn.ok).length,
    reconnectFailures: clients.filter((c) => !c.conn.ok).length,
    allReconnectedMs: +connectedMs.toFixed(0), allCaughtUpMs: done === CLIENTS ? +allMs.toFixed(0) : null,
    caughtUp: done, missing, duplicates: dup, unexpected,
    catchUpMs: { p50: pct(doneAt, 0.5), p99: pct(doneAt, 0.99), max: pct(doneAt, 1) },
    health: { requests: health.length, failures: health.filter((h) => h.status !== 200 && h.status !== 204).length,
      p50: pct(hm, 0.5), p99: pct(hm, 0.99), max: pct(hm, 1) },
    at,
  }, null, 1) + '\n');
  process.exit(0);
}
main().catch((e) => { log(e.stack); process.exit(1); });
