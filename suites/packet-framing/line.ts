import { bin, scenario } from '../builder.js';
import { PEER_RAW, bytes, quoteLine, sectionPacket } from './common.js';

export default [
  scenario(
    'packet-framing.line-custom-delimiter',
    {
      title: '{packet,line} with {line_delimiter,$;}: only the delimiter ends a line; changing it takes effect',
      section: 'inet:setopts/2, option {line_delimiter, Char}',
      quote: 'Sets the line delimiting character for line-oriented protocols (line). Defaults to $\\n.',
      rationale:
        'with ";" as delimiter a newline is ordinary data, a line split over pieces arrives whole, an empty line is just ";"; setting it back to $\\n re-frames the next data; getopts(line_delimiter) answers as each backend does',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'line']] });
      client.setopts(C, [['line_delimiter', 59]]);
      server.sendSplits(S, ['ab;cd\nef;', 'g', 'h;;'], 40);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 200).id('nothing-left');
      client.getopts(C, ['line_delimiter']).id('getopts-delimiter')
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', { list: [['line_delimiter', 59]] }], { backends: ['socket'] });
      client.setopts(C, [['line_delimiter', 10]]);
      server.send(S, bytes('x;y\nz\n'));
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
    },
  ),
  scenario(
    'packet-framing.line-longer-than-buffer',
    {
      title: '{packet,line} with {buffer,8}: a 21-byte line, then the same with packet_size 32 and 12',
      section: sectionPacket,
      quote: `${quoteLine} […] {packet_size, Integer}(TCP/IP sockets): Sets the maximum allowed length of the packet body. […] For line-oriented protocols (line, http*), option packet_size also guarantees that lines up to the indicated length are accepted and not considered invalid because of internal buffer limitations.`,
      rationale:
        'inet cuts a line longer than buffer into buffer-sized packets (the last one ends in the newline) whatever packet_size says; socket returns the whole line, and with a packet_size below the line length fails with emsgsize (OTP 25), cuts at packet_size (OTP 27), or fails once and drops the first part (OTP 29)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        listen: PEER_RAW,
        connect: ['binary', ['active', false], ['packet', 'line'], ['buffer', 8]],
      });
      server.send(S, bytes('0123456789abcdefghij\nxy\n'));
      b.wait(50);
      // The data is all there: short timeouts only mark where a backend has no more packets.
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 100);
      client.recv(C, 0, 100);
      client.setopts(C, [['packet_size', 32]]);
      server.send(S, bytes('ABCDEFGHIJKLMNOPQRST\n'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 100);
      client.recv(C, 0, 100);
      client.setopts(C, [['packet_size', 12]]);
      server.send(S, bytes('klmnopqrstuvwxyz0123\n'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 100);
      client.recv(C, 0, 100);
      client.recv(C, 0, 100);
    },
  ),
  scenario(
    'packet-framing.switch-mode-with-data-buffered',
    {
      title: 'setopts {packet,...} while complete packets of the new type are already buffered',
      section: sectionPacket,
      quote: 'On receiving, however, one message is sent to the controlling process for each complete packet received, and, similarly, each call to gen_tcp:recv/2,3 returns one complete packet.',
      rationale:
        'after a {packet,line} header line, switching to {packet,2} frames the bytes already received (recv returns them at once, not only when more data arrives); switching to raw hands out what is left, a partial frame included, as it is',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'line']] });
      server.send(S, bytes('hdr\n', 0, 3, 'abc', 0, 1, 'z'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.setopts(C, [['packet', 2]]);
      client.recv(C, 0, 150).id('buffered-frame-1')
        .expect(['ok', bin('abc')], { backends: ['inet'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', bin('abc')], { backends: ['socket'], otp: ['27', '29'] })
        .note('the OTP 25 socket backend waits for new data before framing what it holds');
      client.recv(C, 0, 150).id('buffered-frame-2');
      // New data (one frame and the start of another) wakes up a backend that was waiting.
      server.send(S, bytes(0, 2, 'hi', 0, 4, 'ta'));
      b.wait(50);
      client.recv(C, 0, 150).id('after-new-data-1');
      client.recv(C, 0, 150).id('after-new-data-2');
      client.setopts(C, [['packet', 'raw']]);
      client.recv(C, 0, 150).id('raw-rest');
      client.recv(C, 0, 150);
    },
  ),
];
