// What bench/receipts-cost.mjs and bench/receipts-fill.mjs both need: open streams that report their
// connection id, JSON requests on keep-alive connections, and a process's CPU time.
import http from 'node:http';
import fs from 'node:fs';

export function client(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });

  /** {status, text}; status 'error' when the request failed. */
  function request(method, path, body) {
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path, method, agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', () => resolve({ status: 'error', text: '' }));
      req.end(body);
    });
  }

  /** A stream's connection id, from its hello; the stream stays open (its socket is kept). */
  function openStream() {
    return new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/events' }, (res) => {
        let text = '';
        let found = false;
        res.on('data', (c) => {
          if (found) return;
          text += c;
          const m = /"connection":"([^"]+)"/.exec(text);
          if (m) { found = true; resolve(m[1]); }
        });
      }).on('error', reject).on('response', (res) => { if (res.statusCode !== 200) reject(new Error('stream refused: ' + res.statusCode)); });
    });
  }

  return { request, openStream };
}

/** User + system CPU seconds of a process so far. */
export function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (+f[11] + +f[12]) / 100;
}
