import { bin, scenario, str } from '../builder.js';
import { PEER_RAW, bytes, quoteHttp, quoteHttph, quoteRecvLength, sectionPacket as section } from './common.js';

export default [
  scenario(
    'packet-framing.http-request-keepalive',
    {
      title: '{packet,http}, list mode, passive: request line, headers, http_eoh, then a second request on the same socket',
      section,
      quote: `${quoteHttp} […] ${quoteHttph}`,
      rationale:
        'a request split across pieces gives {http_request,...}, each header {http_header,...} (known fields as atoms with their number, unknown ones as strings, a continuation line folded in), http_eoh; after http_eoh the socket parses a request line again; recv with Length > 0 is refused or ignored as each backend does',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: [['active', false], ['packet', 'http']] });
      server.sendSplits(
        S,
        ['GET /index.html?q=1 HT', 'TP/1.1\r\nHost: ex', 'ample.com\r\nX-Thing: a\r\n  b\r\ncontent-length: 0\r\n', '\r\nPOST http://h:8080/p HTTP/1.0\r\nAccept: */*\r\n\r\n'],
        40,
      );
      client.recv(C, 0, 1000).id('request-line');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('continuation');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('eoh');
      client.recv(C, 0, 1000).id('second-request');
      client.recv(C, 5, 1000).id('recv-length-5')
        .expect(['error', 'einval'], { backends: ['inet'] })
        .expect(['ok', ['http_header', 8, 'Accept', str('Accept'), str('*/*')]], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] })
        .note('inet refuses Length > 0 in a packet mode; the OTP 25 socket backend ignores it');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 200);
    },
  ),
  scenario(
    'packet-framing.http-bin-body-via-raw',
    {
      title: '{packet,http_bin}: read a Content-Length body by switching to raw, then back to http_bin for the next request',
      section,
      quote: quoteHttp,
      rationale:
        'without a switch the body is parsed as a request line ({http_error,...}); switching to {packet,raw} after http_eoh lets recv(S,5) take exactly the body, and switching back to http_bin parses the buffered next request at once',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', false], ['packet', 'http_bin']] });
      // First request: the body is not taken out, so http_bin sees it.
      server.send(S, bytes('PUT /a HTTP/1.1\r\n\r\nbody\r\n'));
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('body-as-line');
      server.send(S, bytes('POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\n\r\n'));
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.setopts(C, [['packet', 'raw']]);
      client.recv(C, 5, 1000).id('body');
      client.setopts(C, [['packet', 'http_bin']]);
      client.recv(C, 0, 300).id('next-request')
        .expect(['ok', ['http_request', 'GET', ['abs_path', bin('/c')], [1, 1]]], { backends: ['inet'] })
        .expect(['error', 'timeout'], { backends: ['socket'], otp: ['25'] })
        .expect(['ok', ['http_request', 'GET', ['abs_path', bin('/c')], [1, 1]]], { backends: ['socket'], otp: ['27', '29'] })
        .note('the OTP 25 socket backend waits for new data before parsing what it holds');
      server.send(S, bytes('DELETE /d HTTP/1.1\r\n\r\n'));
      b.wait(50);
      client.recv(C, 0, 300);
      client.recv(C, 0, 300);
      client.recv(C, 0, 300);
      client.recv(C, 0, 200);
    },
  ),
  scenario(
    'packet-framing.http-response-and-errors',
    {
      title: '{packet,http}: response lines, an empty reason phrase, a bad status line, and a line over packet_size',
      section,
      quote: `${quoteHttp} […] {packet_size, Integer}(TCP/IP sockets): Sets the maximum allowed length of the packet body. […] For line-oriented protocols (line, http*), option packet_size also guarantees that lines up to the indicated length are accepted`,
      rationale:
        'status lines give {http_response,{Maj,Min},Code,Reason} (Reason "" when empty), response headers follow until http_eoh and the next status line parses again; an unparsable status line is {http_error,Line} and parsing goes on; a header line over packet_size fails recv with emsgsize',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: [['active', false], ['packet', 'http'], ['packet_size', 40]] });
      server.send(
        S,
        bytes('HTTP/1.0 404 Not Found\r\nServer: x\r\nSet-Cookie: a=b\r\n\r\nHTTP/1.1 200 \r\n\r\nHTTP/1.1 abc OK\r\nHTTP/1.1 100 Continue\r\n'),
      );
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('empty-reason');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('bad-status');
      client.recv(C, 0, 1000).id('after-bad-status');
      server.send(S, bytes('X-Long: ', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '\r\n\r\n'));
      client.recv(C, 0, 1000).id('over-packet-size');
      client.recv(C, 0, 300).id('after-over-packet-size');
    },
  ),
  scenario(
    'packet-framing.httph-direct',
    {
      title: '{packet,httph} and {packet,httph_bin} set directly: header lines only (trailers)',
      section,
      quote: quoteHttph,
      rationale:
        'in httph a line without a colon is {http_error,Line} and parsing goes on; after http_eoh the socket stays in httph, so a request line is an http_error; httph_bin gives the same terms with binaries',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: [['active', false], ['packet', 'httph']] });
      server.send(S, bytes('Accept: a\r\nbroken header line\r\nETag: "x"\r\n\r\nGET / HTTP/1.1\r\n\r\n'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('no-colon');
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000).id('request-line-in-httph');
      client.recv(C, 0, 1000);
      client.setopts(C, ['binary', ['packet', 'httph_bin']]);
      server.send(S, bytes('x-trailer: t1\r\nContent-MD5: zz\r\n\r\n'));
      b.wait(50);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 200);
    },
  ),
  scenario(
    'packet-framing.http-active-once',
    {
      title: '{packet,http_bin} with {active,once} and {active,2}: {http,S,Packet} messages',
      section,
      quote: quoteHttp,
      rationale:
        'an active http socket sends {http,S,HttpPacket} (not tcp), one per parsed packet, an http_error included; {active,once} gives exactly one and turns passive, {active,2} gives two then {tcp_passive,S}; a recv in between takes the next packet',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: PEER_RAW, connect: ['binary', ['active', 'once'], ['packet', 'http_bin']] });
      server.send(S, bytes('GET /x HTTP/1.1\r\nbad\r\nHost: h\r\nUser-Agent: u\r\n\r\n'));
      client.receive(1000).id('once');
      client.receive(100).id('nothing-more');
      client.recv(C, 0, 1000).id('recv-between');
      client.setopts(C, [['active', 2]]);
      client.receive(1000);
      client.receive(1000);
      client.receive(1000).id('passive-message');
      client.getopts(C, ['active']);
      client.setopts(C, [['active', true]]);
      client.receive(1000).id('eoh');
      server.send(S, bytes('HEAD / HTTP/1.1\r\n'));
      client.receive(1000);
    },
  ),
];
