import { scenario } from '../builder.js';
import { bytes } from './common.js';

const section = 'erlang:decode_packet/3';
const source = 'erlang(3) in ERTS, decode_packet/3: not among the gen_tcp and inet pages in fixtures/spec/';
const quote =
  'Decodes the binary Bin according to the packet protocol specified by Type. Similar to the packet handling done by sockets with option {packet,Type}. If an entire packet is contained in Bin, it is returned together with the remainder of the binary as {ok,Packet,Rest}. If Bin does not contain the entire packet, {more,Length} is returned. Length is either the expected total size of the packet, or undefined if the expected packet size is unknown. If the packet does not conform to the protocol format, {error,Reason} is returned.';

export default [
  scenario(
    'packet-framing.decode-packet-framing',
    {
      title: 'decode_packet/3 for the framing types: ok with Rest, more, error, options, and bad arguments',
      section,
      quote,
      source,
      rationale:
        'the same framing rules as the socket, called directly: {more,Total} for a known length and {more,undefined} otherwise, packet_size and line_length options, the fcgi padding and asn1 indefinite length, {error,invalid} for bad headers, and a badarg raise for an unknown type, a {packet,N} tuple, a non-binary or a bad option',
    },
    (b) => {
      const client = b.subject('client');
      client.decode_packet(2, bytes(0, 3, 'abcde')).id('p2-ok');
      client.decode_packet(2, bytes(0, 5, 'abc')).id('p2-more');
      client.decode_packet(4, bytes(0, 0)).id('p4-more-header');
      client.decode_packet(1, bytes(9, 'abc'), [['packet_size', 8]]).id('p1-over-size');
      client.decode_packet('raw', bytes('')).id('raw-empty');
      client.decode_packet(0, bytes('abc')).id('zero-is-raw');
      client.decode_packet('line', bytes('abc')).id('line-more');
      client.decode_packet('line', bytes('abcdefgh\nx'), [['line_length', 4]]).id('line-length');
      client.decode_packet('line', bytes('abcdefgh'), [['packet_size', 4]]).id('line-over-size');
      client.decode_packet('asn1', bytes(0x30, 0x80, 1, 2, 0, 0)).id('asn1-indefinite');
      client.decode_packet('asn1', bytes(4, 0x85, 0, 0, 0, 0, 1, 'a')).id('asn1-5-byte-length');
      client.decode_packet('fcgi', bytes(1, 1, 0, 1, 0, 2, 1, 0, 'ab', 'p', 'x')).id('fcgi-padding');
      client.decode_packet('tpkt', bytes(3, 0, 0, 3)).id('tpkt-length-below-header');
      client.decode_packet('cdr', bytes('GIOP', 1, 1, 1, 0, 2, 0, 0, 0, 'ab', 'x')).id('cdr-little-endian');
      client.decode_packet('sunrm', bytes(0, 0)).id('sunrm-more');
      client.decode_packet('bogus', bytes('a')).id('bad-type');
      client.decode_packet(['packet', 1], bytes(1, 'a')).id('packet-tuple');
      client.decode_packet(2, 'notbin').id('not-binary');
      client.decode_packet(2, bytes('a'), ['bad']).id('bad-option');
    },
  ),
  scenario(
    'packet-framing.decode-packet-http',
    {
      title: 'decode_packet/3 for http, http_bin, httph and httph_bin',
      section,
      source,
      quote: `${quote} […] HttpMethod = 'OPTIONS' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'TRACE' | HttpString; HttpUri = '*' | {absoluteURI, http | https, Host, Port, Path} | {scheme, Scheme, HttpString} | {abs_path, HttpString} | HttpString`,
      rationale:
        'request lines give atoms for the seven known methods and strings/binaries for others (case-sensitive), the URI forms *, absoluteURI with and without port, scheme and abs_path, HTTP/0.9 without a version; headers keep the original field name next to the canonical atom; a header waits for the next line ({more,undefined}) because of continuation; a bad line is {http_error,Line}',
    },
    (b) => {
      const client = b.subject('client');
      client.decode_packet('http', bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).id('http-request');
      client.decode_packet('http_bin', bytes('OPTIONS * HTTP/1.1\r\n')).id('star');
      client.decode_packet('http_bin', bytes('CONNECT host:443 HTTP/1.1\r\n')).id('connect-scheme');
      client.decode_packet('http_bin', bytes('get /x HTTP/1.1\r\n')).id('lower-case-method');
      client.decode_packet('http_bin', bytes('GET https://u:p@h/x HTTP/1.1\r\n')).id('absolute-uri-https');
      client.decode_packet('http', bytes('PUT http://h:8080/p?q HTTP/1.0\r\n')).id('absolute-uri-port');
      client.decode_packet('http_bin', bytes('GET /x\r\n')).id('http-0-9');
      client.decode_packet('http', bytes('GET / HTTP/1.1')).id('request-more');
      client.decode_packet('http', bytes('HTTP/1.1 200 OK\r\n')).id('response');
      client.decode_packet('http_bin', bytes('HTTP/1.1 301 \r\n')).id('response-empty-reason');
      client.decode_packet('http', bytes('garbage\r\n')).id('http-error');
      client.decode_packet('httph', bytes('Host: x\r\n')).id('header-more');
      client.decode_packet('httph', bytes('content-length: 3\r\n\r\n')).id('header-canonical');
      client.decode_packet('httph_bin', bytes('X-Custom: y\r\n z\r\n\r\n')).id('header-continuation');
      client.decode_packet('httph_bin', bytes('\r\n')).id('eoh');
      client.decode_packet('httph', bytes('bad header\r\n\r\n')).id('header-error');
      client.decode_packet('http', bytes('GET / HTTP/1.1\r\n'), [['packet_size', 5]]).id('http-over-size');
    },
  ),
];
