#!/usr/bin/env node
// Memory of receipts: STREAMS open streams, then N notifications published (batches of 100), then
// every stream reports all N delivered and seen (batches of 100 + 100 ids); prints the status counts.
// Take the server's heap after it (jcmd PID GC.class_histogram, less jdk.internal.vm.FillerElement[]).
// Start the server yourself with the publish and connect limits lifted, e.g.
//   HERALD_LIMITS_PUBLISH_RATE=1000000 HERALD_LIMITS_PUBLISH_BURST=1000000 HERALD_LIMITS_CONNECT_BURST=100000 \
//   HERALD_LIMITS_CONNECT_RATE=100000 HERALD_LIMITS_CONNECTIONS_IP=100000 ./herald serve
//
//   node bench/receipts-fill.mjs PORT STREAMS N
import { client } from './receipts-client.mjs';

const [port, streams, n] = process.argv.slice(2).map(Number);
const { request, openStream } = client(port, 32);
const conns = [];
for (let i = 0; i < streams; i++) conns.push(await openStream());
const ids = [];
for (let i = 0; i < n; i += 100) {
  const r = await request('POST', '/notify/batch', JSON.stringify(Array.from({ length: 100 }, (_, k) => ({ message: 'fill ' + (i + k) }))));
  for (const x of JSON.parse(r.text).notifications) ids.push(x.id);
}
await new Promise((r) => setTimeout(r, 2000));
const status = {};
let next = 0;
await Promise.all(Array.from({ length: 32 }, async () => {
  while (next < conns.length) {
    const c = conns[next++];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      let r;
      do { r = await request('POST', '/receipts', JSON.stringify({ connection: c, delivered: chunk, seen: chunk })); if (r.status === 429) await new Promise((ok) => setTimeout(ok, 100)); } while (r.status === 429);
      status[r.status] = (status[r.status] || 0) + 1;
    }
  }
}));
console.log(JSON.stringify(status)); process.exit(0);
