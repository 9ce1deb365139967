// Fallback where SharedWorker is missing: the tabs of one browser elect a leader with a Web Lock;
// only the leader holds an EventSource and relays everything over a BroadcastChannel. When the
// leader tab closes, its lock passes to a waiting tab, which resumes from the last id it saw.
import { LiveSource } from './source.js';

export function joinLeaderElection(o) {
  let session = start(o, o.topics);
  return {
    get transport() { return session.leader ? 'leader' : 'follower'; },
    setTopics(topics) { session.stop(); session = start(o, topics); },
    retryNow() { session.command('retry'); },
    tokenChanged() { session.command('token'); },
    viewedChanged() {},
  };
}

function start(o, topics) {
  // Tabs with the same topics share one leader.
  const key = `herald:${[...topics].sort().join(',')}`;
  const channel = new BroadcastChannel(key);
  const s = { leader: false, source: null, release: null, stopped: false, lastStatus: null, lastRefused: null };

  // What any tab may ask of the leader's stream.
  const obey = type => {
    if (type === 'retry') s.source?.reconnectNow();
    else if (type === 'token') s.source?.forgetRefusals();
  };
  channel.onmessage = ({ data }) => {
    if (data.type === 'ask' && s.leader) {
      if (s.lastStatus) channel.postMessage(s.lastStatus);
      if (s.lastRefused) channel.postMessage(s.lastRefused);
    } else if (data.type === 'command' && s.leader) obey(data.command);
    else if (data.type === 'status') o.on.status(data);
    else if (data.type === 'event') o.on.event(data.event, false);
    else if (data.type === 'live') o.on.live(data.hello);
    else if (data.type === 'reset') o.on.reset(data.reset);
    else if (data.type === 'retract') o.on.retract?.(data.retract);
    else if (data.type === 'refused') o.on.refused?.(data.refused);
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
      refused: list => { s.lastRefused = { type: 'refused', refused: list }; relay(s.lastRefused, () => o.on.refused?.(list)); },
      event: n => relay({ type: 'event', event: n }, () => o.on.event(n, true)),
    });
    s.source.open(topics, o.lastId());
    return new Promise(resolve => { s.release = resolve; });
  });

  s.command = type => (s.leader ? obey(type) : channel.postMessage({ type: 'command', command: type }));
  s.stop = () => {
    s.stopped = true;
    s.source?.close();
    s.release?.();
    channel.close();
  };
  addEventListener('pagehide', () => s.stop());
  return s;
}
