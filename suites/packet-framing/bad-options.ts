import { LOOPBACK, list, raises, scenario } from '../builder.js';
import { PEER_RAW } from './common.js';

const section = 'inet:setopts/2, options {packet, PacketType}, {packet_size, Integer}, {line_delimiter, Char}, {header, Size}';
const quote =
  '{packet, PacketType}(TCP/IP sockets): Defines the type of packets to use for a socket. […] {line_delimiter, Char}(TCP/IP sockets): Sets the line delimiting character for line-oriented protocols (line).';

export default [
  scenario(
    'packet-framing.bad-packet-options',
    {
      title: 'bad values of packet, packet_size, line_delimiter and header in setopts',
      section,
      quote,
      rationale:
        'setopts with an unknown packet type returns {error,einval} on both backends; inet also refuses a line_delimiter atom and negative packet_size and header values, and keeps the options as they were, while socket takes and stores them; a line_delimiter of 256 is taken by both',
    },
    (b) => {
      const { client, C } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'line']] });
      const inetOnly = (inet: Parameters<typeof client.setopts>[1]) =>
        client.setopts(C, inet).expect(['error', 'einval'], { backends: ['inet'] }).expect('ok', { backends: ['socket'] });
      client.setopts(C, [['packet', 'bogus']]).id('packet-bogus').expect(['error', 'einval']);
      client.setopts(C, [['packet', 3]]).id('packet-3').expect(['error', 'einval']);
      inetOnly([['line_delimiter', 'a']]).id('delimiter-atom');
      client.setopts(C, [['line_delimiter', 256]]).id('delimiter-256').expect('ok');
      inetOnly([['packet_size', -1]]).id('packet-size-negative');
      inetOnly([['header', -1]]).id('header-negative');
      client
        .getopts(C, ['packet', 'packet_size', 'header'])
        .id('options-after')
        .expect(['ok', list(['packet', 'line'], ['packet_size', 0], ['header', 0])], { backends: ['inet'] })
        .expect(['ok', list(['packet', 'line'], ['packet_size', -1], ['header', -1])], { backends: ['socket'] });
    },
  ),
  scenario(
    'packet-framing.bad-packet-options-create',
    {
      title: 'bad packet options where a socket is made: connect and listen exit with badarg; a line_delimiter of 256 is for connect only',
      section,
      quote,
      rationale:
        'connect and listen exit with badarg on an unknown packet type or a negative packet_size; connect takes {line_delimiter,$;} and a line_delimiter of 256, listen refuses 256 with badarg',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      const L = server.listen('L', 0, PEER_RAW);
      const badarg = raises('exit', 'badarg');
      client.call('connect', LOOPBACK, L.port, { list: [['packet', 'bogus']] }).id('connect-packet-bogus').expect(badarg);
      client.call('connect', LOOPBACK, L.port, { list: [['packet', 3]] }).id('connect-packet-3').expect(badarg);
      client.call('connect', LOOPBACK, L.port, { list: [['packet_size', -1]] }).id('connect-packet-size-negative').expect(badarg);
      client.call('listen', 0, { list: [['packet', 'bogus']] }).id('listen-packet-bogus').expect(badarg);
      client.call('listen', 0, { list: [['line_delimiter', 256]] }).id('listen-delimiter-256').expect(badarg);
      client.connect('C2', LOOPBACK, L.port, [['packet', 'line'], ['line_delimiter', 59]]).id('connect-delimiter-59').expect(['ok', { sock: 'C2' }]);
      client.connect('C3', LOOPBACK, L.port, [['line_delimiter', 256]]).id('connect-delimiter-256').expect(['ok', { sock: 'C3' }]);
    },
  ),
];
