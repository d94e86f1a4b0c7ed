import { LOOPBACK, scenario } from '../builder.js';

/** inet:setopts/2, options {high_watermark, Size} and {low_watermark, Size}. */
const section = 'inet:setopts/2, options {high_watermark, Size}, {low_watermark, Size}';
const quote =
  '{high_watermark, Size} (TCP/IP sockets): The socket is set to a busy state when the amount of data queued internally by the ERTS socket implementation reaches this limit. Defaults to 8 kB. […] {low_watermark, Size} (TCP/IP sockets): If the socket is in a busy state, the socket is set in a not busy state when the amount of data queued internally by the ERTS socket implementation falls below this limit. Defaults to 4 kB.';

export default [
  scenario(
    'options.watermarks',
    {
      title: 'high_watermark and low_watermark read back, and keep low <= high on inet',
      section,
      quote,
      rationale:
        'inet: a high below low pulls low down to it, a low above high pushes high up to it, both in one setopts are taken as given, and at creation low is capped at high; socket accepts high_watermark but never reports it and reports low_watermark as set; data still flows with tiny watermarks',
    },
    (b) => {
      const { client, server, L, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      const wm = ['high_watermark', 'low_watermark'];
      client.setopts(C, [['high_watermark', 100]]);
      client.getopts(C, wm)
        .expect(['ok', { list: [['high_watermark', 100], ['low_watermark', 100]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['low_watermark', 1]] }], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', { list: [] }], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet: low follows high down to 100');
      client.setopts(C, [['low_watermark', 200]]);
      client.getopts(C, wm)
        .expect(['ok', { list: [['high_watermark', 200], ['low_watermark', 200]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['low_watermark', 200]] }], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', { list: [] }], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet: high follows low up to 200');
      client.setopts(C, [['low_watermark', 10]]);
      client.getopts(C, wm);
      client.setopts(C, [['low_watermark', 20000], ['high_watermark', 30000]]);
      client.getopts(C, wm);
      client.setopts(C, [['high_watermark', 10], ['low_watermark', 5]]);
      client.getopts(C, wm);
      client.send(C, 'still flows with a 10 byte high watermark');
      server.recv(S, 41, 1000);
      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false], ['high_watermark', 50], ['low_watermark', 500]]);
      client.getopts(C2, wm)
        .expect(['ok', { list: [['high_watermark', 50], ['low_watermark', 50]] }], { backends: ['inet'] })
        .expect(['ok', { list: [['low_watermark', 500]] }], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', { list: [] }], { backends: ['socket'], otp: ['27', '29'] })
        .note('at creation, inet caps low at high: {50,50}');
    },
  ),
];
