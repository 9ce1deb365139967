#!/usr/bin/env node
// Server CPU per POST /receipts: STREAMS open streams each post one batch of IDS ids (the newest
// notifications, all meant for them) every 60 ms (the server allows 20 a second per connection), 10 s
// of warm-up first, then S seconds measured; prints one JSON line. Start the server yourself (the
// publish rate limit lifted: it publishes IDS notifications first).
//
//   node bench/receipts-cost.mjs PORT STREAMS IDS SECONDS SERVER_PID
import { client, cpuSeconds } from './receipts-client.mjs';

const [port, streams, ids, seconds, pid] = process.argv.slice(2).map(Number);
const { request, openStream } = client(port, 64);
const cpu = () => cpuSeconds(pid);

const connections = [];
for (let i = 0; i < streams; i++) connections.push(await openStream());
const published = [];
for (let i = 0; i < ids; i++) {
  const r = await request('POST', '/notify', JSON.stringify({ message: `receipt bench ${i}` }));
  published.push(JSON.parse(r.text).id);
}
await new Promise((r) => setTimeout(r, 500)); // every stream has them all by now

async function run(sec, status) {
  const end = Date.now() + sec * 1000;
  await Promise.all(connections.map(async (connection) => {
    const body = JSON.stringify({ connection, delivered: published, seen: [] });
    while (Date.now() < end) {
      const started = Date.now();
      const r = await request('POST', '/receipts', body);
      if (status) status[r.status] = (status[r.status] || 0) + 1;
      await new Promise((ok) => setTimeout(ok, Math.max(0, 60 - (Date.now() - started))));
    }
  }));
}

await run(10, null);
const status = {};
const c0 = cpu(), t0 = Date.now();
await run(seconds, status);
const secs = (Date.now() - t0) / 1000, used = cpu() - c0;
const answered = Object.values(status).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ streams, ids, seconds: secs, status, perSecond: Math.round(answered / secs),
  serverCpuMicrosPerRequest: +(used * 1e6 / answered).toFixed(1) }));
process.exit(0);
