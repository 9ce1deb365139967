#!/usr/bin/env node
// Publish throughput: S SSE subscribers listen while P concurrent keep-alive connections POST
// notifications as fast as the server accepts them for T seconds. A 202 from Herald means stored
// durably (SQLite commit) before the answer. Prints one JSON object.
//
//   node bench/publish.mjs --port 8080 --subscribers 100 --concurrency 64 --seconds 10 [--pid N] [--batch B]
//
// --batch B (B > 1): each request is POST /notify/batch with B notifications; "accepted" counts
// notifications, not requests.
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((kv) => { const [k, ...v] = kv.trim().split(/\s+/); return [k, v.join(' ') || 'true']; }));
const HOST = '127.0.0.1', PORT = +(args.port ?? 8080);
const SUBS = +(args.subscribers ?? 100), CONC = +(args.concurrency ?? 64), SECONDS = +(args.seconds ?? 10);
const PID = args.pid ? +args.pid : null;
const BATCH = +(args.batch ?? 1);
const WARMUP = +(args.warmup ?? 5);            // seconds of the same load first, not counted (JIT warm-up)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpu = () => { if (!PID) return 0; const f = fs.readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' '); return (+f[11] + +f[12]) / 100; };

let received = 0;
const ID_LINE = Buffer.from('\nid: '), HEAD_END = Buffer.from('\r\n\r\n');
function subscribe() {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port: PORT });
    let head = false, tail = Buffer.alloc(0);
    sock.on('connect', () => sock.write(`GET /events HTTP/1.1\r\nHost: ${HOST}\r\nAccept: text/event-stream\r\n\r\n`));
    sock.on('data', (d) => {
      // Count "\nid: " in the bytes, without decoding: at 100 subscribers this client reads hundreds
      // of thousands of events a second on the same 2 cores as the server. The carried tail is one
      // byte shorter than the pattern, so a match across chunks counts once and none counts twice.
      const buf = tail.length ? Buffer.concat([tail, d]) : d;
      if (!head && buf.includes(HEAD_END)) { head = true; resolve(sock); }
      for (let i = buf.indexOf(ID_LINE); i !== -1; i = buf.indexOf(ID_LINE, i + ID_LINE.length)) received++;
      tail = Buffer.from(buf.subarray(Math.max(0, buf.length - (ID_LINE.length - 1))));
    });
    sock.on('error', () => resolve(sock));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
function post(body) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: HOST, port: PORT, path: BATCH > 1 ? '/notify/batch' : '/notify', method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume(); res.on('end', () => resolve([res.statusCode, performance.now() - t0]));
    });
    req.on('error', (e) => resolve([e.code, performance.now() - t0]));
    req.end(body);
  });
}

function latestId() {
  return new Promise((resolve) => http.get({ host: HOST, port: PORT, path: '/notifications?limit=1' }, (res) => {
    let t = ''; res.on('data', (d) => { t += d; }); res.on('end', () => resolve(JSON.parse(t).latestId));
  }));
}

async function main() {
  const subs = await Promise.all(Array.from({ length: SUBS }, subscribe));
  await sleep(1000);
  let seq = 0;
  const load = (seconds, status, lat) => {
    const end = performance.now() + seconds * 1000;
    return Promise.all(Array.from({ length: CONC }, async () => {
      while (performance.now() < end) {
        const body = BATCH > 1
          ? JSON.stringify(Array.from({ length: BATCH }, () => ({ message: `pub:${seq++}` })))
          : JSON.stringify({ message: `pub:${seq++}` });
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
  const cpu0 = cpu(), t0 = performance.now();
  await load(SECONDS, status, lat);
  const elapsed = (performance.now() - t0) / 1000, cpuS = cpu() - cpu0;
  const accepted = status[202] || 0;
  const t1 = performance.now();
  while (received < accepted * SUBS && performance.now() - t1 < 10000) await sleep(50);
  lat.sort((a, b) => a - b);
  const p = (q) => +lat[Math.min(lat.length - 1, Math.ceil(lat.length * q) - 1)].toFixed(2);
  const latest = await latestId();
  for (const s of subs) s.destroy();
  agent.destroy();
  process.stdout.write(JSON.stringify({
    subscribers: SUBS, concurrency: CONC, batch: BATCH, warmupSeconds: WARMUP, seconds: +elapsed.toFixed(2), status, accepted,
    acceptedPerSecond: Math.round(accepted / elapsed), warmupStored: warmAccepted, latestIdStored: latest,
    storedDuringRun: latest - warmAccepted,
    publishLatencyMs: { p50: p(0.5), p99: p(0.99), max: p(1) },
    fanOutDeliveries: received, fanOutExpected: accepted * SUBS,
    serverCpuMicrosPerPublish: PID ? +(1e6 * cpuS / accepted).toFixed(1) : null,
  }, null, 1) + '\n');
  process.exit(0);
}
main().catch((e) => { process.stderr.write(e.stack + '\n'); process.exit(1); });
