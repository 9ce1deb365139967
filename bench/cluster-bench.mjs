#!/usr/bin/env node
// Two-node bench: runs the shared sse-bench.mjs with its subscribers on --port (node A) and its
// publishes sent to --publish-port (node B). sse-bench has one --port for both, so this wrapper
// redirects its publish requests (http.request) and changes nothing else.
//
//   node bench/cluster-bench.mjs --port 8081 --publish-port 8082 --clients 1000 --messages 50 --rate 20
//
// SSE_BENCH=/path/to/sse-bench.mjs overrides where the shared bench is (default ../../shared/bench).
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const at = process.argv.indexOf('--publish-port');
if (at < 0 || !process.argv[at + 1]) {
  process.stderr.write('usage: cluster-bench.mjs --port <subscribe port> --publish-port <publish port> [sse-bench options]\n');
  process.exit(2);
}
const publishPort = +process.argv[at + 1];
process.argv.splice(at, 2);

const request = http.request;
http.request = (options, callback) => request.call(http, { ...options, port: publishPort }, callback);

const bench = process.env.SSE_BENCH
  ? pathToFileURL(process.env.SSE_BENCH).href
  : new URL('../../shared/bench/sse-bench.mjs', import.meta.url).href;
await import(bench);
