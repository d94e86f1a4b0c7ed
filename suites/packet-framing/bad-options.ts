import { LOOPBACK, scenario } from '../builder.js';
import { PEER_RAW } from './common.js';

export default [
  scenario(
    'packet-framing.bad-packet-options',
    {
      title: 'bad values of packet, packet_size, line_delimiter and header: setopts, connect and listen',
      section: 'inet:setopts/2, options {packet, PacketType}, {packet_size, Integer}, {line_delimiter, Char}, {header, Size}',
      quote:
        '{packet, PacketType}(TCP/IP sockets): Defines the type of packets to use for a socket. […] {line_delimiter, Char}(TCP/IP sockets): Sets the line delimiting character for line-oriented protocols (line).',
      rationale:
        'setopts with an unknown packet type or a bad line_delimiter returns {error,einval} and leaves the options as they were; bad packet_size/header values are refused by inet and taken by socket; connect takes {line_delimiter,$;}, and a line_delimiter of 256 is taken by setopts and connect but not by listen; connect and listen exit with badarg on a bad packet option',
    },
    (b) => {
      const { client, L, C } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'line']] });
      client.setopts(C, [['packet', 'bogus']]).id('packet-bogus');
      client.setopts(C, [['packet', 3]]).id('packet-3');
      client.setopts(C, [['line_delimiter', 'a']]).id('delimiter-atom');
      client.setopts(C, [['line_delimiter', 256]]).id('delimiter-256');
      client.setopts(C, [['packet_size', -1]]).id('packet-size-negative');
      client.setopts(C, [['header', -1]]).id('header-negative');
      client.getopts(C, ['packet', 'packet_size', 'header']).id('options-after');
      client.call('connect', LOOPBACK, L.port, { list: [['packet', 'bogus']] }).id('connect-packet-bogus');
      client.call('connect', LOOPBACK, L.port, { list: [['packet', 3]] }).id('connect-packet-3');
      client.call('connect', LOOPBACK, L.port, { list: [['packet_size', -1]] }).id('connect-packet-size-negative');
      client.call('listen', 0, { list: [['packet', 'bogus']] }).id('listen-packet-bogus');
      client.call('listen', 0, { list: [['line_delimiter', 256]] }).id('listen-delimiter-256');
      client.connect('C2', LOOPBACK, L.port, [['packet', 'line'], ['line_delimiter', 59]]).id('connect-delimiter-59');
      client.connect('C3', LOOPBACK, L.port, [['line_delimiter', 256]]).id('connect-delimiter-256');
    },
  ),
];
