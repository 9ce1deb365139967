#!/usr/bin/env node
// Soak: a mixed, steady load held for many minutes, to see whether anything in the server grows
// with time instead of with load (bench/run.sh soak samples the heap after a GC, RSS, threads and
// files while this runs). What a busy Herald sees in a day, compressed:
//   - S streams open all the time, anonymous or signed in, on 1-3 of T topics; C of them a second
//     leave (most drop the socket, some end cleanly) and come back 0-2 s later with Last-Event-ID;
//     every 30 s one stops reading for 45 s, then drops;
//   - P publish operations a second: topic, broadcast, per-user, short ttl, batches of 10,
//     scheduled (delay), retracts of recent ones, and refused bodies;
//   - a third of the streams post receipts (delivered and seen) every 5 s;
//   - an operator holds the stats stream and reads history, clients and schedules every 3 s.
// Checks as it goes: no stream sees an id twice or out of order, every publish is answered as
// expected. Prints one JSON object at the end.
//
//   node bench/soak.mjs --port 8080 --minutes 20 [--streams 300] [--churn 10] [--rate 40] [--users 20] [--topics 20]
//   node bench/soak.mjs --ports 8080,8081 ...   # a cluster: streams and publishes spread over the nodes, and
//                                               # each page posts its receipts to another node than its stream's
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((kv) => { const [k, ...v] = kv.trim().split(/\s+/); return [k, v.join(' ') || 'true']; }));
const HOST = '127.0.0.1', PORTS = String(args.ports ?? args.port ?? 8080).split(',').map(Number);
const MINUTES = +(args.minutes ?? 20), STREAMS = +(args.streams ?? 300), CHURN = +(args.churn ?? 10);
const RATE = +(args.rate ?? 40), USERS = +(args.users ?? 20), TOPICS = +(args.topics ?? 20);
const log = (...m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m.join(' ')}\n`);
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const topic = () => `t${Math.floor(Math.random() * TOPICS)}`;
const user = () => `u${Math.floor(Math.random() * USERS)}`;
const count = (map, key) => { map[key] = (map[key] ?? 0) + 1; };

const stats = { published: 0, batches: 0, scheduled: 0, retracts: {}, publish: {}, refused: {}, receipts: {},
  admin: {}, connects: {}, reconnects: 0, stalled: 0, received: 0, duplicates: 0, outOfOrder: 0, resets: 0,
  retractEvents: 0, statsEvents: 0, streamErrors: {}, refusedIds: 0 };

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function request(method, path, body, headers = {}, port = pick(PORTS)) {
  return new Promise((resolve) => {
    const h = { ...headers };
    if (body !== undefined) Object.assign(h, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    const req = http.request({ host: HOST, port, path, method, agent, headers: h }, (res) => {
      let text = ''; res.setEncoding('utf8'); res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: e.message === 'timeout' ? 'timeout' : e.code }));
    req.end(body);
  });
}

// One SSE stream: parses events, keeps the last id, remembers what to report in receipts.
class Stream {
  constructor(i, tokens) {
    this.topics = [...new Set([topic(), topic(), topic()].slice(0, 1 + (i % 3)))];
    this.token = i % 3 === 0 ? tokens[`u${i % USERS}`] : null;
    this.reports = i % 3 === 1;
    this.lastId = null; this.conn = null; this.req = null; this.unreported = []; this.live = false;
    this.port = PORTS[i % PORTS.length];
    this.receiptPort = PORTS[(i + 1) % PORTS.length]; // another node's, in a cluster (no sticky sessions)
  }
  open() {
    const q = `topic=${this.topics.join(',')}${this.token ? `&token=${this.token}` : ''}`;
    const headers = { Accept: 'text/event-stream' };
    if (this.lastId !== null) headers['Last-Event-ID'] = String(this.lastId);
    const req = http.request({ host: HOST, port: this.port, path: `/events?${q}`, headers, agent: false });
    this.req = req;
    req.on('response', (res) => {
      count(stats.connects, res.statusCode);
      if (res.statusCode !== 200) { res.resume(); this.retry(1000); return; }
      this.live = true; this.res = res;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) { this.event(buf.slice(0, end)); buf = buf.slice(end + 2); }
      });
      // closed by the server (a kick, a slow-client drop) or by the churn below: come back and replay
      res.on('close', () => { if (this.req === req) { this.live = false; this.retry(500); } });
      res.on('error', () => {});
    });
    req.on('error', (e) => { if (this.req === req) { count(stats.streamErrors, e.code ?? e.message); this.live = false; this.retry(1000); } });
    req.end();
  }
  event(block) {
    let id = null, type = null, data = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = +line.slice(4);
      else if (line.startsWith('event: ')) type = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (type === 'hello') { this.conn = JSON.parse(data).connection; return; }
    if (type === 'reset') { stats.resets++; return; }
    if (id === null) return;
    if (this.lastId !== null && id <= this.lastId) { if (id === this.lastId) stats.duplicates++; else stats.outOfOrder++; }
    this.lastId = id;
    if (type === 'retract') { // like the web client: nothing more to report about a retracted one
      stats.retractEvents++;
      const gone = JSON.parse(data).id, k = this.unreported.indexOf(gone);
      if (k >= 0) this.unreported.splice(k, 1);
      return;
    }
    stats.received++;
    // At most 200 ids a request, delivered and seen together: 130 + 65.
    if (this.reports && this.unreported.length < 130) this.unreported.push(id);
  }
  drop() { // the socket goes away without a goodbye (a closed laptop lid, a lost network)
    const req = this.req; this.req = null; this.live = false; this.conn = null; this.unreported = [];
    req?.destroy();
  }
  retry(ms) { this.req = null; setTimeout(() => { if (!stopped && !this.req) this.open(); }, ms); }
  async report() {
    if (!this.live || !this.conn || this.unreported.length === 0) return;
    const ids = this.unreported.splice(0);
    const body = JSON.stringify({ connection: this.conn, delivered: ids, seen: ids.slice(0, Math.ceil(ids.length / 2)) });
    const r = await request('POST', '/receipts', body, this.token ? { Authorization: `Bearer ${this.token}` } : {}, this.receiptPort);
    count(stats.receipts, r.status === 200 || r.status === 202 ? r.status : `${r.status} ${r.text ? JSON.parse(r.text).error : ''}`);
    if (r.status === 200) stats.refusedIds += JSON.parse(r.text).refused?.length ?? 0; // retracted meanwhile, mostly
  }
}

const recent = [];
async function publishOne() {
  const roll = Math.random();
  let body, expect = 202, path = '/notify';
  if (roll < 0.02) { // a refused body: must change nothing
    body = pick(['{"message":""}', '{"message":"x","titel":"typo"}', '{"message":', '[]', '{"message":"x","topic":"bad topic"}']);
    const r = await request('POST', path, body);
    count(stats.refused, r.status); return;
  }
  if (roll < 0.04 && recent.length > 50) { // retract one of the recent ones
    const id = recent.splice(Math.floor(Math.random() * recent.length), 1)[0];
    count(stats.retracts, (await request('DELETE', `/notifications/${id}`)).status); return;
  }
  const n = { message: `soak ${Date.now()} ${'·'.repeat(Math.floor(Math.random() * 200))}` };
  if (roll < 0.45) n.topic = topic();
  else if (roll < 0.60) n.user = user();
  else if (roll < 0.70) { n.topics = [topic(), topic()]; n.ttl = 3; }
  else if (roll < 0.73) { n.delay = `${1 + Math.floor(Math.random() * 3)}s`; n.topic = topic(); }
  else if (roll < 0.78) { path = '/notify/batch'; }
  if (Math.random() < 0.3) { n.title = 'Soak'; n.level = pick(['info', 'warning', 'error', 'success']); n.tags = ['soak']; }
  body = JSON.stringify(path === '/notify' ? n : Array.from({ length: 10 }, (_, k) => ({ ...n, topic: `t${k}` })));
  const r = await request('POST', path, body);
  count(stats.publish, r.status);
  if (r.status !== expect) return;
  const a = JSON.parse(r.text);
  if (n.delay) stats.scheduled++;
  else if (path === '/notify') { stats.published++; recent.push(a.id); }
  else { stats.batches++; stats.published += a.notifications.length; a.notifications.forEach((x) => recent.push(x.id)); }
  if (recent.length > 500) recent.splice(0, recent.length - 500);
}

function operator() { // the admin app: the stats stream, and the lists it reads
  const req = http.request({ host: HOST, port: PORTS[0], path: '/admin/stats/stream', agent: false });
  req.on('response', (res) => { res.setEncoding('utf8'); res.on('data', (d) => { stats.statsEvents += d.split('event: stats').length - 1; }); });
  req.on('error', () => {});
  req.end();
  const paths = ['/admin/notifications?limit=50', '/admin/clients', '/admin/scheduled', '/admin/stats',
    `/notifications?topic=${topic()}&limit=20`, '/observe/metrics', '/cluster'];
  let k = 0;
  const timer = setInterval(async () => { const p = paths[k++ % paths.length]; count(stats.admin, `${p.split('?')[0]} ${(await request('GET', p)).status}`); }, 3000);
  return () => { clearInterval(timer); req.destroy(); };
}

let stopped = false;
const tokens = {};
for (let u = 0; u < USERS; u++) {
  const r = await request('POST', '/admin/tokens', JSON.stringify({ user: `u${u}`, ttl: 86400 }), {}, PORTS[0]);
  if (r.status !== 201) { log(`minting a token failed: ${r.status} ${r.text}`); process.exit(1); }
  tokens[`u${u}`] = JSON.parse(r.text).token;
}
const streams = Array.from({ length: STREAMS }, (_, i) => new Stream(i, tokens));
for (const s of streams) { s.open(); await new Promise((r) => setTimeout(r, 5)); }
const stopOperator = operator();
const timers = [];
timers.push(setInterval(() => { for (let k = 0; k < RATE / 10; k++) publishOne(); }, 100));
timers.push(setInterval(() => {
  for (let k = 0; k < CHURN; k++) {
    const s = pick(streams);
    if (!s.req) continue;
    stats.reconnects++;
    if (Math.random() < 0.8) { s.drop(); s.retry(Math.random() * 2000); } else { s.res?.destroy(); }
  }
}, 1000));
timers.push(setInterval(() => {
  const s = pick(streams);
  if (!s.res || !s.live) return;
  stats.stalled++; s.res.pause();
  setTimeout(() => { s.drop(); if (!stopped) s.retry(0); }, 45000);
}, 30000));
timers.push(setInterval(() => streams.filter((s) => s.reports).forEach((s) => s.report()), 5000));
timers.push(setInterval(() => log(`received ${stats.received}, published ${stats.published}, reconnects ${stats.reconnects}, `
  + `dup ${stats.duplicates}, out of order ${stats.outOfOrder}, live ${streams.filter((s) => s.live).length}`), 60000));

await new Promise((r) => setTimeout(r, MINUTES * 60000));
stopped = true;
// Scheduled ones: every one due more than 2 s ago has gone out (the newest 500 of any status).
const sched = await request('GET', '/admin/scheduled?all=true', undefined, {}, PORTS[0]);
if (sched.status === 200) {
  const list = JSON.parse(sched.text).scheduled;
  stats.scheduledStatus = {};
  list.forEach((x) => count(stats.scheduledStatus, x.status));
  stats.scheduledOverdue = list.filter((x) => x.status === 'pending' && Date.parse(x.due) < Date.now() - 2000).length;
}
timers.forEach(clearInterval);
stopOperator();
streams.forEach((s) => s.drop());
agent.destroy();
process.stdout.write(JSON.stringify({ minutes: MINUTES, nodes: PORTS.length, streams: STREAMS, churnPerSecond: CHURN, publishPerSecond: RATE, ...stats }) + '\n');
process.exit(0);
