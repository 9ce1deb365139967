// Formats one bench/run.sh run (JSON per server) as a Markdown section for bench/RESULTS.md.
import fs from 'node:fs';
import os from 'node:os';

const [dir, command, ...servers] = process.argv.slice(2);
const rows = servers.map((s) => [s, JSON.parse(fs.readFileSync(`${dir}/${s}.json`, 'utf8'))]);
const fmt = (v) => (v === null || v === undefined ? '–' : String(v));
const out = [];
out.push(`\n### ${new Date().toISOString().slice(0, 16)}Z — \`${command}\``, '');
out.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0].model}), Node ${process.version}. Raw JSON: \`${dir.replace(/.*\/bench\//, 'bench/')}\`.`, '');
out.push('| server | connected | deliveries | missing | dup | p50 ms | p99 ms | max ms | deliveries/s | CPU µs/delivery | KB/conn (RSS) | idle CPU % |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [name, r] of rows) {
  const l = r.latencyMs ?? {};
  const srv = r.server ?? {};
  out.push(`| ${name} | ${r.connected}/${r.clients} | ${r.deliveries} | ${r.missing} | ${r.duplicates} | ${fmt(l.p50)} | ${fmt(l.p99)} | ${fmt(l.max)} | ${fmt(r.deliveriesPerSecond)} | ${fmt(srv.cpuMicrosPerDelivery)} | ${fmt(srv.rssPerConnectionKb)} | ${fmt(srv.idleCpuPercent)} |`);
}
const h = rows.find(([n]) => n === 'herald')?.[1];
const e = rows.find(([n]) => n === 'express')?.[1];
if (h?.latencyMs && e?.latencyMs) {
  out.push('', `p99 ratio Herald/Express: ${(h.latencyMs.p99 / e.latencyMs.p99).toFixed(3)}; CPU per delivery ratio: ${(h.server.cpuMicrosPerDelivery / e.server.cpuMicrosPerDelivery).toFixed(3)}.`);
}
process.stdout.write(out.join('\n') + '\n');
