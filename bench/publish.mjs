#!/usr/bin/env node
// Publish throughput: S SSE subscribers listen while P concurrent keep-alive connections POST
// notifications as fast as the server accepts them for T seconds. A 202 from Herald means stored
// durably (SQLite commit) before the answer. Prints one JSON object.
//
//   node bench/publish.mjs --port 8080 --subscribers 100 --concurrency 64 --seconds 10 [--pid N] [--batch B]
//                          [--topic T] [--user U] [--bystanders N]
//
// --batch B (B > 1): each request is POST /notify/batch with B notifications; "accepted" counts
// notifications, not requests.
// --topic T: the subscribers listen to topic T only and every notification is published to T.
// --user U: the subscribers sign in as user U (a token from POST /admin/tokens, allowed from this
// machine) and every notification is addressed to U.
// --bystanders N: N more streams on the default topics, which none of the notifications is for (what
// connections a publish is not addressed to cost it); they must receive nothing.
// --rate R: publish at most R notifications a second in all (paced), instead of as fast as accepted: a
// batched run at full speed outruns what this client reads for 100 subscribers, which are then dropped.
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((kv) => { const [k, ...v] = kv.trim().split(/\s+/); return [k, v.join(' ') || 'true']; }));
const HOST = '127.0.0.1', PORT = +(args.port ?? 8080);
const SUBS = +(args.subscribers ?? 100), CONC = +(args.concurrency ?? 64), SECONDS = +(args.seconds ?? 10);
const PID = args.pid ? +args.pid : null;
const BATCH = +(args.batch ?? 1);
const TOPIC = args.topic ?? null, USER = args.user ?? null, BYSTANDERS = +(args.bystanders ?? 0);
const RATE = args.rate ? +args.rate : null;   // notifications per second in all, or null: as fast as accepted
const WARMUP = +(args.warmup ?? 5);            // seconds of the same load first, not counted (JIT warm-up)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpu = () => { if (!PID) return 0; const f = fs.readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' '); return (+f[11] + +f[12]) / 100; };

let received = 0;
const ID_LINE = Buffer.from('\nid: '), HEAD_END = Buffer.from('\r\n\r\n');
function count(buf) {
  let n = 0;
  for (let i = buf.indexOf(ID_LINE); i !== -1; i = buf.indexOf(ID_LINE, i + ID_LINE.length)) n++;
  return n;
}
// An SSE stream on a raw socket: resolves with the socket at its first bytes (the response head) and
// hands every read to onData.
function openStream(path, onData) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port: PORT });
    let head = false;
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nAccept: text/event-stream\r\n\r\n`));
    sock.on('data', (d) => {
      if (!head) { head = true; resolve(sock); }
      onData(d);
    });
    sock.on('error', () => resolve(sock));
    sock.on('close', () => { if (!finished) streamsEnded++; });
  });
}
// Streams the server ended during the run (a subscriber too slow for the rate is dropped, and this
// client does not reconnect): a run that lost its subscribers measured publishing without fan-out.
let streamsEnded = 0, finished = false;
let bystanderBytes = 0;
const bystander = () => openStream('/events', (d) => { bystanderBytes += count(d); });
function subscribe() {
  const query = [TOPIC && `topic=${encodeURIComponent(TOPIC)}`, token && `token=${encodeURIComponent(token)}`].filter(Boolean);
  let tail = Buffer.alloc(0);
  return openStream(`/events${query.length ? `?${query.join('&')}` : ''}`, (d) => {
    // Count "\nid: " in the bytes, without decoding or copying the chunk: at 100 subscribers this
    // client reads hundreds of thousands of events a second on the same 2 cores as the server. Only
    // a match across two reads is looked for in the joined edge (the previous read's last 4 bytes +
    // this read's first 4), which cannot hold a whole match from either side: none counts twice.
    if (tail.length) received += count(Buffer.concat([tail, d.subarray(0, ID_LINE.length - 1)]));
    received += count(d);
    tail = Buffer.from((d.length >= ID_LINE.length - 1 ? d : Buffer.concat([tail, d])).subarray(-(ID_LINE.length - 1)));
  });
}

// The publishers write prebuilt requests on raw keep-alive sockets and read only the status line and
// Content-Length of each answer: Node's http client cost ~220 µs of CPU per request here, on the
// same 2 cores as the server (--client http keeps it, to compare).
const CLIENT = args.client ?? 'raw';
const PATH = BATCH > 1 ? '/notify/batch' : '/notify';
const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
function httpPost(body) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: HOST, port: PORT, path: PATH, method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume(); res.on('end', () => resolve([res.statusCode, performance.now() - t0]));
    });
    req.on('error', (e) => resolve([e.code, performance.now() - t0]));
    req.end(body);
  });
}

const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;
function rawPublisher() {
  let sock = null, buf = Buffer.alloc(0), waiting = null;
  const settle = (result) => { if (waiting) { const w = waiting; waiting = null; w.resolve([result, performance.now() - w.t0]); } };
  const open = () => {
    // A new connection after the server closed one (as Node's http agent would): the failed request
    // is counted under its error, not retried.
    const s = net.connect({ host: HOST, port: PORT });
    s.setNoDelay(true);
    buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      const end = buf.indexOf(HEAD_END);
      if (end < 0 || !waiting) return;
      const head = buf.toString('latin1', 0, end);
      const length = +(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      buf = buf.subarray(end + 4 + length);
      settle(+head.slice(9, 12));
    });
    const drop = (result) => { if (sock === s) sock = null; settle(result); };
    s.on('error', (e) => drop(e.code ?? 'error'));
    s.on('close', () => drop('closed'));
    return s;
  };
  return (body) => new Promise((resolve) => {
    sock ??= open();
    waiting = { resolve, t0: performance.now() };
    sock.write(`POST ${PATH} HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/json\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

let token = null;
function mintToken(user) {
  const body = JSON.stringify({ user, ttl: 3600 });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, path: '/admin/tokens', method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let t = ''; res.on('data', (d) => { t += d; });
      res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(t).token) : reject(new Error(`token: ${res.statusCode} ${t}`))));
    });
    req.on('error', reject); req.end(body);
  });
}

function latestId() {
  return new Promise((resolve) => http.get({ host: HOST, port: PORT, path: '/notifications?limit=1' }, (res) => {
    let t = ''; res.on('data', (d) => { t += d; }); res.on('end', () => resolve(JSON.parse(t).latestId));
  }));
}

async function main() {
  if (USER) token = await mintToken(USER);
  const subs = await Promise.all(Array.from({ length: SUBS }, subscribe));
  const bystanders = [];
  for (let i = 0; i < BYSTANDERS; i += 500) {
    bystanders.push(...await Promise.all(Array.from({ length: Math.min(500, BYSTANDERS - i) }, bystander)));
  }
  await sleep(1000);
  const publishers = Array.from({ length: CONC }, () => (CLIENT === 'http' ? httpPost : rawPublisher()));
  let seq = 0;
  const load = (seconds, status, lat) => {
    const start = performance.now(), end = start + seconds * 1000;
    let issued = 0;
    return Promise.all(publishers.map(async (post) => {
      while (performance.now() < end) {
        if (RATE) { // the next request's turn, shared by all publishers
          const due = start + (issued / RATE) * 1000;
          issued += BATCH;
          if (due > performance.now()) await sleep(due - performance.now());
          if (performance.now() >= end) break;
        }
        const one = () => ({ message: `pub:${seq++}`, ...(TOPIC && { topic: TOPIC }), ...(USER && { user: USER }) });
        const body = JSON.stringify(BATCH > 1 ? Array.from({ length: BATCH }, one) : one());
        const [st, ms] = await post(body);
        status[st] = (status[st] || 0) + BATCH; lat.push(ms);
      }
    }));
  };
  if (WARMUP > 0) await load(WARMUP, {}, []);
  const warmAccepted = (await latestId());
  await sleep(1000);
  received = 0;
  const status = {}, lat = [];
  const cpu0 = cpu(), own0 = process.cpuUsage(), t0 = performance.now();
  await load(SECONDS, status, lat);
  const elapsed = (performance.now() - t0) / 1000, cpuS = cpu() - cpu0;
  const own = process.cpuUsage(own0), ownMicros = own.user + own.system;
  const accepted = status[202] || 0;
  const t1 = performance.now();
  while (received < accepted * SUBS && performance.now() - t1 < 10000) await sleep(50);
  lat.sort((a, b) => a - b);
  const p = (q) => +lat[Math.min(lat.length - 1, Math.ceil(lat.length * q) - 1)].toFixed(2);
  const latest = await latestId();
  finished = true;
  for (const s of [...subs, ...bystanders]) s.destroy();
  agent.destroy();
  process.stdout.write(JSON.stringify({
    subscribers: SUBS, topic: TOPIC, user: USER, bystanders: BYSTANDERS, bystanderDeliveries: bystanderBytes, concurrency: CONC, batch: BATCH, warmupSeconds: WARMUP, seconds: +elapsed.toFixed(2), status, accepted,
    acceptedPerSecond: Math.round(accepted / elapsed), warmupStored: warmAccepted, latestIdStored: latest,
    storedDuringRun: latest - warmAccepted,
    publishLatencyMs: { p50: p(0.5), p99: p(0.99), max: p(1) },
    fanOutDeliveries: received, fanOutExpected: accepted * SUBS, streamsEnded, rate: RATE,
    serverCpuMicrosPerPublish: PID ? +(1e6 * cpuS / accepted).toFixed(1) : null,
    client: CLIENT, clientCpuMicrosPerRequest: +(ownMicros / (accepted / BATCH)).toFixed(1),
  }, null, 1) + '\n');
  process.exit(0);
}
main().catch((e) => { process.stderr.write(e.stack + '\n'); process.exit(1); });
