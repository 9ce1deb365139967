// Formats one bench/run.sh run as a Markdown section for bench/RESULTS.md.
//   node bench/report.mjs fanout|idle|storm|publish|soak <dir> <command> [servers...]
import fs from 'node:fs';
import os from 'node:os';

const [scenario, dir, command, ...servers] = process.argv.slice(2);
const read = (f) => (fs.existsSync(`${dir}/${f}`) ? JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8')) : null);
const fmt = (v) => (v === null || v === undefined ? '–' : String(v));
const out = [];
out.push(`\n### ${new Date().toISOString().slice(0, 16)}Z — \`${command}\``, '');
out.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0].model}), Node ${process.version}, load average at the end `
  + `${os.loadavg().map((l) => l.toFixed(2)).join(' ')}. Raw JSON: \`${dir.replace(/.*\/bench\//, 'bench/')}\`.`, '');
// What the run was started with: the JVM flags (run.sh's default unless overridden) and HERALD_* overrides.
const overrides = Object.entries(process.env).filter(([k]) => k.startsWith('HERALD_') && k !== 'HERALD_JAVA_OPTS')
  .map(([k, v]) => `${k}=${v}`);
out.push(`Herald JVM flags: \`${process.env.HERALD_JAVA_OPTS ?? '(run.sh default)'}\`${overrides.length ? `; environment: \`${overrides.join(' ')}\`` : ''}.`, '');

if (scenario === 'fanout' || scenario === 'idle') {
  const rows = servers.map((s) => [s, read(`${s}.json`)]);
  out.push('| server | connected | deliveries | missing | dup | p50 ms | p99 ms | max ms | deliveries/s | CPU µs/delivery | KB/conn (RSS, no GC) | idle CPU % |');
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
  const m0 = read('herald-memory-empty.json'), m1 = read('herald-memory-connected.json');
  if (m0 && m1 && h) {
    const n = h.connected;
    out.push('', `Herald after a full GC (jcmd GC.run), ${n} connections: RSS +${((m1.rssKbAfterGc - m0.rssKbAfterGc) / n).toFixed(2)} KB/conn, `
      + `Java heap used +${((m1.heapUsedKbAfterGc - m0.heapUsedKbAfterGc) / n).toFixed(2)} KB/conn, so native/other `
      + `+${(((m1.rssKbAfterGc - m0.rssKbAfterGc) - (m1.heapUsedKbAfterGc - m0.heapUsedKbAfterGc)) / n).toFixed(2)} KB/conn `
      + `(RSS counts committed heap pages, not only used ones). Threads: ${h.server.threadsConnected}. NMT diff and class histogram: \`herald-nmt-diff.txt\`, \`herald-histogram.txt\`.`);
  }
  const idle = read('herald-idle-cpu.json');
  if (idle) {
    out.push('', `Herald idle CPU over a quiet ${idle.seconds} s window (before the jcmd probes, whose own CPU the bench's "idle CPU %" column includes): ${idle.idleCpuPercent} %.`);
  }
} else if (scenario === 'storm') {
  const r = read('storm.json');
  out.push('| clients | missed each | reconnected | all reconnected ms | all caught up ms | catch-up p50/p99/max ms | missing | dup | health requests | health p50/p99/max ms | health failures |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  out.push(`| ${r.clients} | ${r.missedPerClient} | ${r.reconnected} | ${r.allReconnectedMs} | ${fmt(r.allCaughtUpMs)} | ${r.catchUpMs.p50}/${r.catchUpMs.p99}/${r.catchUpMs.max} | ${r.missing} | ${r.duplicates} | ${r.health.requests} | ${r.health.p50}/${r.health.p99}/${r.health.max} | ${r.health.failures} |`);
  if (fs.existsSync(`${dir}/health-curl.txt`)) {
    const rows = fs.readFileSync(`${dir}/health-curl.txt`, 'utf8').trim().split('\n').map((l) => l.split(' '));
    const ms = rows.map(([, t]) => 1000 * +t).sort((a, b) => a - b);
    const q = (p) => ms[Math.min(ms.length - 1, Math.ceil(ms.length * p) - 1)].toFixed(1);
    out.push('', `Health polled by curl every 100 ms from a separate process during the whole run: ${ms.length} requests, `
      + `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms, over 100 ms: ${ms.filter((x) => x > 100).length}, `
      + `not 2xx: ${rows.filter(([c]) => !c.startsWith('2')).length}.`);
    const slow = rows.filter((r) => r.length >= 4 && 1000 * +r[1] > 100);
    // The storm's phase a probe started in (storm.json's wall clock; a probe ends at row[4]).
    const phase = (row) => {
      if (!r.at || row.length < 5) return '';
      const begun = +row[4] - +row[1];
      const past = Object.entries(r.at).filter(([, t]) => t <= begun).pop();
      return past ? ` (${past[0]} + ${(1000 * (begun - past[1])).toFixed(0)} ms)` : ' (before the measured storm)';
    };
    if (slow.length) {
      out.push('', 'Where the slow probes spent their time (TCP connect → first byte of the answer, ms): '
        + slow.map((r) => `${(1000 * +r[2]).toFixed(0)} → ${(1000 * (+r[3] - +r[2])).toFixed(0)}${phase(r)}`).join('; ') + '.');
    }
  }
} else if (scenario === 'publish') {
  const r = read('publish.json');
  out.push('| subscribers | publishers | per request | seconds | accepted (202) | accepted/s | publish p50/p99/max ms | fan-out delivered/expected | server CPU µs/notification | client CPU µs/request | stored in the run (ids) |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  out.push(`| ${r.subscribers} | ${r.concurrency} | ${r.batch ?? 1} | ${r.seconds} | ${r.accepted} | ${r.acceptedPerSecond} | ${r.publishLatencyMs.p50}/${r.publishLatencyMs.p99}/${r.publishLatencyMs.max} | ${r.fanOutDeliveries}/${r.fanOutExpected} | ${fmt(r.serverCpuMicrosPerPublish)} | ${r.clientCpuMicrosPerRequest === undefined ? '–' : `${fmt(r.clientCpuMicrosPerRequest)} (${r.client})`} | ${r.storedDuringRun} |`);
  out.push('', `Status counts: ${JSON.stringify(r.status)}.${r.warmupSeconds === undefined ? '' : ` Measured after ${r.warmupSeconds} s of the same load (JIT warm-up).`}`
    + (r.serverJitCpuMicrosPerPublish ? ` Of the server's CPU, ${fmt(r.serverJitCpuMicrosPerPublish)} µs per notification was the JIT compilers' (C1/C2 threads), ${(r.serverCpuMicrosPerPublish - r.serverJitCpuMicrosPerPublish).toFixed(1)} µs the rest.` : '')
    + (r.rate ? ` Paced at ${r.rate} notifications/s in all.` : '')
    + (r.streamsEnded ? ` **${r.streamsEnded} streams were ended by the server (dropped as too slow: their queue overflowed) and not reopened: the fan-out count is short and the rate was measured without (all of) the subscribers.**` : ''));
  if (r.topic || r.user || r.bystanders) {
    out.push('', `Subscribers and notifications on topic \`${r.topic ?? 'all'}\`${r.user ? `, addressed to user \`${r.user}\` (the subscribers' tokens)` : ''}; ${r.bystanders ?? 0} more anonymous streams on the default topics, which no notification is for (events they received: ${r.bystanderDeliveries ?? 0}).`);
  }
} else if (scenario === 'soak') {
  const r = read('soak.json');
  const samples = fs.readFileSync(`${dir}/soak-samples.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  out.push(`${r.minutes} min${r.nodes > 1 ? ` on ${r.nodes} nodes` : ''}, ${r.streams} streams (${r.churnPerSecond} leave and come back a second), ${r.publishPerSecond} publish operations a second: `
    + `${r.published} notifications stored (${r.batches} batches of 10), ${r.scheduled} scheduled, ${r.reconnects} reconnects, ${r.stalled} streams that stopped reading, `
    + `${r.received} events received, **${r.duplicates} duplicates, ${r.outOfOrder} out of order**, ${r.resets} resets, ${r.retractEvents} retract events, ${r.statsEvents} stats events.`, '');
  out.push(`Answers: publishes ${JSON.stringify(r.publish)}, refused bodies ${JSON.stringify(r.refused)}, retracts ${JSON.stringify(r.retracts)}, `
    + `receipts ${JSON.stringify(r.receipts)} (ids refused alone in counted batches: ${fmt(r.refusedIds)}), stream opens ${JSON.stringify(r.connects)}, stream errors ${JSON.stringify(r.streamErrors)}, operator reads ${JSON.stringify(r.admin)}.`
    + ` Scheduled, the newest 500 at the end: ${JSON.stringify(r.scheduledStatus)}, **${fmt(r.scheduledOverdue)} overdue** (pending more than 2 s past due).`, '');
  out.push('Every 30 s: the live heap (a class histogram\'s total after its full GC, less the GC\'s filler arrays), RSS, threads, open files, the data dir:', '');
  const nodes = samples.filter((x) => x.liveKb !== undefined);
  const ports = [...new Set(nodes.map((x) => x.port))];
  out.push('| phase | s | node port | connected | live heap KB | RSS KB | threads | open files | data dir KB |', '|---|---|---|---|---|---|---|---|---|');
  nodes.forEach((x) => out.push(`| ${x.phase} | ${x.seconds} | ${x.port} | ${fmt(x.connected)} | ${x.liveKb} | ${x.rssKb} | ${x.threads} | ${x.fds} | ${x.dataKb} |`));
  const redis = samples.filter((x) => x.redisKb !== undefined);
  if (redis.length) {
    out.push('', 'redis-server (the cluster\'s shared store):', '', '| phase | s | used memory KB | keys |', '|---|---|---|---|');
    redis.forEach((x) => out.push(`| ${x.phase} | ${x.seconds} | ${x.redisKb} | ${x.keys} |`));
  }
  // Least-squares slope over the second half of the load (the first half holds the warm-up).
  const trend = (rows, key) => {
    const load = rows.filter((x) => x.phase === 'load');
    const half = load.filter((x) => x.seconds >= load[load.length - 1].seconds / 2);
    if (half.length < 3) return null;
    const n = half.length, mx = half.reduce((a, x) => a + x.seconds, 0) / n, my = half.reduce((a, x) => a + x[key], 0) / n;
    const slope = half.reduce((a, x) => a + (x.seconds - mx) * (x[key] - my), 0) / half.reduce((a, x) => a + (x.seconds - mx) ** 2, 0);
    return `${Math.min(...half.map((x) => x[key]))}–${Math.max(...half.map((x) => x[key]))} KB, trend ${(slope * 3600 / 1024).toFixed(1)} MB per hour`;
  };
  out.push('', 'Second half of the load: ' + ports.map((p) => {
    const rows = nodes.filter((x) => x.port === p);
    return `${ports.length > 1 ? `node ${p}: ` : ''}live heap ${trend(rows, 'liveKb')}; RSS ${trend(rows, 'rssKb')}; data dir ${trend(rows, 'dataKb')}`;
  }).join('; ') + (redis.length ? `; redis-server ${trend(redis, 'redisKb')}` : '') + '.');
  const histogram = (f) => {
    if (!fs.existsSync(`${dir}/${f}`)) return null;
    const m = new Map();
    for (const line of fs.readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
      const c = line.trim().match(/^\d+:\s+(\d+)\s+(\d+)\s+(\S+)/);
      if (c && !c[3].includes('FillerElement')) m.set(c[3], { n: +c[1], bytes: +c[2] }); // GC filler: dead space
    }
    return m;
  };
  const early = histogram('histogram-early.txt'), late = histogram('histogram-late.txt');
  if (early && late) {
    const grew = [...late].map(([k, v]) => [k, v.bytes - (early.get(k)?.bytes ?? 0), v.n - (early.get(k)?.n ?? 0)])
      .sort((a, b) => b[1] - a[1]).slice(0, 8);
    out.push('', 'Classes that grew most between the histograms at 2 min and near the end (bytes, instances): '
      + grew.map(([k, b, n]) => `\`${k}\` ${b >= 0 ? '+' : ''}${b} (${n >= 0 ? '+' : ''}${n})`).join(', ') + '.');
  }
}
process.stdout.write(out.join('\n') + '\n');
