// Fallback where SharedWorker is missing: the tabs of one browser elect a leader with a Web Lock;
// only the leader holds an EventSource and relays everything over a BroadcastChannel. When the
// leader tab closes, its lock passes to a waiting tab, which resumes from the last id it saw.
import { LiveSource } from './source.js';

export function joinLeaderElection(o) {
  let session = start(o, o.topics);
  return {
    get transport() { return session.leader ? 'leader' : 'follower'; },
    setTopics(topics) { session.stop(); session = start(o, topics); },
  };
}

function start(o, topics) {
  // Tabs with the same topics share one leader.
  const key = `herald:${[...topics].sort().join(',')}`;
  const channel = new BroadcastChannel(key);
  const s = { leader: false, source: null, release: null, stopped: false, lastStatus: null };

  channel.onmessage = ({ data }) => {
    if (data.type === 'ask' && s.leader) channel.postMessage(s.lastStatus);
    else if (data.type === 'status') o.on.status(data);
    else if (data.type === 'event') o.on.event(data.event, false);
    else if (data.type === 'live') o.on.live(data.hello);
    else if (data.type === 'reset') o.on.reset(data.reset);
    else if (data.type === 'retract') o.on.retract?.(data.retract);
  };
  channel.postMessage({ type: 'ask' });

  navigator.locks.request(`${key}:leader`, () => {
    if (s.stopped) return;
    s.leader = true;
    const relay = (msg, self) => { channel.postMessage(msg); self(); };
    s.source = new LiveSource('/events', {
      status: st => { s.lastStatus = { type: 'status', ...st }; relay(s.lastStatus, () => o.on.status(st)); },
      hello: h => relay({ type: 'live', hello: h }, () => o.on.live(h)),
      reset: r => relay({ type: 'reset', reset: r }, () => o.on.reset(r)),
      retract: r => relay({ type: 'retract', retract: r }, () => o.on.retract?.(r)),
      event: n => relay({ type: 'event', event: n }, () => o.on.event(n, true)),
    });
    s.source.open(topics, o.lastId());
    return new Promise(resolve => { s.release = resolve; });
  });

  s.stop = () => {
    s.stopped = true;
    s.source?.close();
    s.release?.();
    channel.close();
  };
  addEventListener('pagehide', () => s.stop());
  return s;
}
