import { summarise } from './pcap.js';

test('FIN and RST are told by who sent them, and when', () => {
  const text = [
    '1700000000.100000 IP 127.0.0.1.40000 > 127.0.0.1.5678: Flags [S], seq 1, win 65495, length 0',
    '1700000000.100100 IP 127.0.0.1.5678 > 127.0.0.1.40000: Flags [S.], seq 2, ack 2, win 65483, length 0',
    '1700000000.150000 IP 127.0.0.1.5678 > 127.0.0.1.40000: Flags [P.], seq 1:6, ack 1, win 512, length 5',
    '1700000000.200000 IP 127.0.0.1.5678 > 127.0.0.1.40000: Flags [R.], seq 6, ack 1, win 512, length 0',
    '1700000000.300000 IP 127.0.0.1.40000 > 127.0.0.1.5678: Flags [F.], seq 1, ack 6, win 512, length 0',
  ].join('\n');
  const s = summarise(text, new Map([[5678, 'L/S'], [40000, 'C']]));
  expect(s.packets).toBe(5);
  expect(s.events).toEqual([
    { t: 0, from: 'C', to: 'L/S', flag: 'SYN' },
    { t: 100, from: 'L/S', to: 'C', flag: 'RST' },
    { t: 200, from: 'C', to: 'L/S', flag: 'FIN' },
  ]);
});
