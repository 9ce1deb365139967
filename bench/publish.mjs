#!/usr/bin/env node
// Publish throughput: S SSE subscribers listen while P concurrent keep-alive connections POST
// notifications as fast as the server accepts them for T seconds. A 202 from Herald means stored
// durably (SQLite commit) before the answer. Prints one JSON object.
//
//   node bench/publish.mjs --port 8080 --subscribers 100 --concurrency 64 --seconds 10 [--pid N] [--batch B]
//                          [--topic T] [--user U] [--bystanders N]
//
// --batch B (B > 1): each request is POST /notify/batch with B notifications; "accepted" counts notifications.
// --topic T: the subscribers listen to topic T only and every notification is published to T.
// --user U: the subscribers sign in as user U (a token from POST /admin/tokens, allowed from this
// machine) and every notification is addressed to U.
// --bystanders N: N more streams on the default topics, which none of the notifications is for (what
// connections a publish is not addressed to cost it); they must receive nothing.
// --rate R: publish at most R notifications a second in all (paced), instead of as fast as accepted: a
// batched run at full speed outruns what this client reads for 100 subscribers, which are then dropped.
// --client wrk: the publishers are wrk (C, epoll; `apt-get install -y wrk`) instead of this process: ~20 µs
// of CPU per request instead of ~70-130, and the subscribers are bench/sse-count.c (C, epoll, compiled here
// with gcc) instead of Node sockets, so more of the 2 cores are left to the server. Not with --rate (no pacing).
import net from 'node:net';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((kv) => { const [k, ...v] = kv.trim().split(/\s+/); return [k, v.join(' ') || 'true']; }));
const HOST = '127.0.0.1', PORT = +(args.port ?? 8080);
const SUBS = +(args.subscribers ?? 100), CONC = +(args.concurrency ?? 64), SECONDS = +(args.seconds ?? 10);
const PID = args.pid ? +args.pid : null, BATCH = +(args.batch ?? 1);
const TOPIC = args.topic ?? null, USER = args.user ?? null, BYSTANDERS = +(args.bystanders ?? 0);
const RATE = args.rate ? +args.rate : null;   // notifications per second in all, or null: as fast as accepted
const WARMUP = +(args.warmup ?? 5);            // seconds of the same load first, not counted (JIT warm-up)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// /proc/<pid>/stat's fields after the command name: [11] utime, [12] stime, [13] cutime, [14] cstime (1/100 s)
const statFields = (text) => text.split(') ')[1].split(' ');
const cpuMicrosOf = (pid) => { const f = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); return (+f[11] + +f[12]) * 1e4; };
const cpu = () => (PID ? cpuMicrosOf(PID) / 1e6 : 0);
// The JIT compiler threads' share of it (seconds): on a loaded machine C2 still compiled through the measured
// window after the warm-up (24 % of the server's samples in one perf of the twenty-fifth session), which made
// CPU per notification move run to run with the machine rather than with the code. Exact only if the same
// threads live through the window: HotSpot ends idle compiler threads, whose CPU then drops out of the sum
// (even below zero), so bench/lib.sh keeps them all (-XX:-UseDynamicNumberOfCompilerThreads).
const jitCpu = () => {
  let us = 0;
  for (const t of PID ? fs.readdirSync(`/proc/${PID}/task`) : []) {
    const task = `${PID}/task/${t}`;
    try { if (/^C[12] CompilerThre/.test(fs.readFileSync(`/proc/${task}/comm`, 'utf8'))) us += cpuMicrosOf(task); }
    catch { /* a compiler thread that just ended (a server not started by bench/lib.sh) */ }
  }
  return us / 1e6;
};

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
// Events the subscribers read, and streams the server ended during the run (a subscriber too slow for the rate
// is dropped, and this client does not reconnect): a run that lost its subscribers measured publishing without fan-out.
let received = 0, streamsEnded = 0, finished = false, bystanderBytes = 0;
const bystander = () => openStream('/events', (d) => { bystanderBytes += count(d); });
function streamPath() {
  const query = [TOPIC && `topic=${encodeURIComponent(TOPIC)}`, token && `token=${encodeURIComponent(token)}`].filter(Boolean);
  return `/events${query.length ? `?${query.join('&')}` : ''}`;
}
function subscribe() {
  let tail = Buffer.alloc(0);
  return openStream(streamPath(), (d) => {
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
    s.setNoDelay(true); buf = Buffer.alloc(0);
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

// wrk as the publishers for S seconds: resolves with its counts, latency (ms) and CPU (µs). Its Lua
// builds each body (numbered per wrk thread) and prints a summary line; the shell around it prints its
// own /proc stat after wrk has exited, whose cutime/cstime hold wrk's CPU.
function wrkLoad(seconds) {
  const one = (n) => `'{"message":"pub:' .. id .. ':' .. ${n} .. '"${TOPIC ? `,"topic":${JSON.stringify(TOPIC)}` : ''}${USER ? `,"user":${JSON.stringify(USER)}` : ''}}'`;
  const body = BATCH > 1
    ? `local t = {} for i = 1, ${BATCH} do t[i] = ${one('n .. "." .. i')} end local body = '[' .. table.concat(t, ',') .. ']'`
    : `local body = ${one('n')}`;
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-wrk-')), 'post.lua');
  fs.writeFileSync(script, `
local threads, count = {}, 0
function setup(thread) count = count + 1; thread:set("id", count); table.insert(threads, thread) end
local n = 0
local headers = { ["Content-Type"] = "application/json" }
function request()
  n = n + 1
  ${body}
  return wrk.format("POST", "${PATH}", headers, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"statusErrors":%d,"socketErrors":%d,"us":%d,"p50":%d,"p99":%d,"max":%d}\\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`);
  return new Promise((resolve, reject) => {
    const sh = spawn('sh', ['-c', `wrk -t1 -c${CONC} -d${seconds}s -s '${script}' http://${HOST}:${PORT}${PATH} >&2 && cat /proc/$$/stat`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    sh.stdout.on('data', (d) => { out += d; }); sh.stderr.on('data', (d) => { err += d; });
    sh.on('exit', (code) => {
      const line = /WRK (\{.*\})/.exec(err);
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}): ${err}`));
      const f = statFields(out);
      resolve({ ...JSON.parse(line[1]), cpuMicros: ((+f[13]) + (+f[14])) * 1e4 });
    });
  });
}

// The subscribers in C (bench/sse-count.c): resolves once every stream has its first bytes, with
// count() -> [events counted, streams ended] and its CPU in µs so far.
async function cSubscribers(streamPath) {
  const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-sse-count-')), 'sse-count');
  execFileSync('gcc', ['-O2', '-o', bin, new URL('./sse-count.c', import.meta.url).pathname]);
  const child = spawn(bin, [HOST, String(PORT), streamPath, String(SUBS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = []; let wake = null, rest = '';
  child.stdout.on('data', (d) => {
    const parts = (rest + d).split('\n'); rest = parts.pop();
    lines.push(...parts); if (wake) { wake(); wake = null; }
  });
  const next = async () => { while (!lines.length) await new Promise((r) => { wake = r; }); return lines.shift(); };
  if (await next() !== 'ready') throw new Error('sse-count did not start');
  return {
    count: async () => { child.stdin.write('?\n'); return (await next()).split(' ').map(Number); },
    cpuMicros: () => cpuMicrosOf(child.pid),
    destroy: () => child.kill(),
  };
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
  // with wrk the subscribers are C too; count() -> [events counted, streams the server ended]
  const cSubs = CLIENT === 'wrk' ? await cSubscribers(streamPath()) : null;
  const subs = cSubs ? [] : await Promise.all(Array.from({ length: SUBS }, subscribe));
  const counted = cSubs ? async () => { const [n, e] = await cSubs.count(); return [n, e + streamsEnded]; }
    : async () => [received, streamsEnded];
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
  if (CLIENT === 'wrk' && RATE) throw new Error('--client wrk does not pace: leave --rate out');
  if (WARMUP > 0) await (CLIENT === 'wrk' ? wrkLoad(WARMUP) : load(WARMUP, {}, []));
  const warmAccepted = (await latestId());
  await sleep(1000);
  const [received0] = await counted();
  let status = {}, lat = [], wrk = null;
  const cpu0 = cpu(), jit0 = jitCpu(), own0 = process.cpuUsage(), sub0 = cSubs?.cpuMicros() ?? 0, t0 = performance.now();
  if (CLIENT === 'wrk') {
    wrk = await wrkLoad(SECONDS);
    // wrk counts answers other than 2xx/3xx apart; every 2xx of POST /notify(/batch) is a 202
    status = { 202: (wrk.requests - wrk.statusErrors) * BATCH, other: wrk.statusErrors * BATCH, socketErrors: wrk.socketErrors };
  } else {
    await load(SECONDS, status, lat);
  }
  const elapsed = (CLIENT === 'wrk' ? wrk.us / 1e6 : (performance.now() - t0) / 1000), cpuS = cpu() - cpu0, jitS = jitCpu() - jit0;
  const own = process.cpuUsage(own0), subMicros = cSubs ? cSubs.cpuMicros() - sub0 : null;
  const ownMicros = own.user + own.system + (wrk?.cpuMicros ?? 0) + (subMicros ?? 0);
  const accepted = status[202] || 0;
  const t1 = performance.now();
  let [delivered, ended] = await counted();
  while (delivered - received0 < accepted * SUBS && performance.now() - t1 < 10000) {
    await sleep(50); [delivered, ended] = await counted();
  }
  lat.sort((a, b) => a - b);
  const p = (q) => (wrk ? +(wrk[{ 0.5: 'p50', 0.99: 'p99', 1: 'max' }[q]] / 1000).toFixed(2)
    : +lat[Math.min(lat.length - 1, Math.ceil(lat.length * q) - 1)].toFixed(2));
  const latest = await latestId();
  finished = true;
  for (const s of [...subs, ...bystanders]) s.destroy();
  cSubs?.destroy(); agent.destroy();
  process.stdout.write(JSON.stringify({
    subscribers: SUBS, topic: TOPIC, user: USER, bystanders: BYSTANDERS, bystanderDeliveries: bystanderBytes, concurrency: CONC, batch: BATCH, warmupSeconds: WARMUP, seconds: +elapsed.toFixed(2), status, accepted,
    acceptedPerSecond: Math.round(accepted / elapsed), warmupStored: warmAccepted, latestIdStored: latest, storedDuringRun: latest - warmAccepted,
    publishLatencyMs: { p50: p(0.5), p99: p(0.99), max: p(1) },
    fanOutDeliveries: delivered - received0, fanOutExpected: accepted * SUBS, streamsEnded: ended, rate: RATE,
    serverCpuMicrosPerPublish: PID ? +(1e6 * cpuS / accepted).toFixed(1) : null,
    serverJitCpuMicrosPerPublish: PID ? +(1e6 * jitS / accepted).toFixed(1) : null,
    client: CLIENT, clientCpuMicrosPerRequest: +(ownMicros / (accepted / BATCH)).toFixed(1),
    clientCpuMicrosParts: { node: own.user + own.system, wrk: wrk?.cpuMicros ?? null, subscribers: subMicros },
  }, null, 1) + '\n');
  process.exit(0);
}
main().catch((e) => { process.stderr.write(e.stack + '\n'); process.exit(1); });
