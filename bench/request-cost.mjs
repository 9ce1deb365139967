#!/usr/bin/env node
// Server CPU per HTTP request: 64 keep-alive connections send one request shape as fast as the
// server answers, 20 s of warm-up (JIT) first, then S seconds measured; prints one JSON line.
// Start the server yourself (lift the publish rate limit for POST /notify).
//
//   node bench/request-cost.mjs PORT METHOD PATH BODY SECONDS SERVER_PID
//   node bench/request-cost.mjs 18480 GET /nope "" 10 $(pgrep -f herald-server.jar)          # a 404
//   node bench/request-cost.mjs 18480 POST /notify '{"message":"hi"}' 10 $(pgrep -f herald-server.jar)
import http from 'node:http';
import fs from 'node:fs';

const [port, method, path, body, seconds, pid] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const cpu = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (+f[11] + +f[12]) / 100; };

function one() {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: +port, path, method, agent,
      headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume(); res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve('error'));
    req.end(body || undefined);
  });
}

async function run(sec, status) {
  const end = Date.now() + sec * 1000;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (Date.now() < end) {
      const s = await one();
      if (status) status[s] = (status[s] || 0) + 1;
    }
  }));
}

await run(20, null);
const status = {};
const c0 = cpu(), t0 = Date.now();
await run(+seconds, status);
const elapsed = (Date.now() - t0) / 1000, used = cpu() - c0;
const n = Object.values(status).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ method, path, status, perSecond: Math.round(n / elapsed),
  serverCpuMicrosPerRequest: +(1e6 * used / n).toFixed(1) }));
process.exit(0);
