/**
 * IPv6 on loopback: the family implied by an 8-tuple address, {ipv6_v6only,
 * Bool} on listen, a v6-only listener refusing IPv4, and 8-tuple addresses in
 * sockname/peername. From inet_sockopt_SUITE ipv6_v6only_tcp (listen with
 * [inet6, {ipv6_v6only, Default | not Default}] and read it back) and
 * use_ipv6_v6only_udp (a v6-only socket and an IPv4 one on the same port).
 */
import { LOOPBACK, LOOPBACK6, scenario } from '../builder.js';

const v6onlyQuote =
  '{ipv6_v6only, Boolean}: Restricts the socket to use only IPv6, prohibiting any IPv4 connections. This is only applicable for IPv6 sockets (option inet6).';
const P = ['binary', ['active', false]];

export default [
  scenario(
    'connect-listen.ipv6-family-from-address',
    {
      title: 'IPv6 without the inet6 option: the family comes from an 8-tuple {ip,..} or address',
      section: 'gen_tcp:listen/2, option {ip, Address}; gen_tcp:connect/3',
      quote: '{ip, Address}: If the host has many network interfaces, this option specifies which one to listen on. […] inet6: Sets up the socket for IPv6.',
      rationale:
        'listen with {ip,{0,0,0,0,0,0,0,1}} and no inet6 makes an IPv6 listener; a client connecting to ::1 without inet6 works; sockname and peername on every end are 8-tuples',
    },
    (b) => {
      const { subject, peer } = b.cast({ subject: 'subject', peer: 'peer' });
      const L = subject.listen('L', 0, [...P, ['ip', LOOPBACK6]]);
      subject.sockname(L);
      const C = peer.connect('C', LOOPBACK6, L.port, P, 1000);
      const A = subject.accept('A', L, 1000);
      subject.sockname(A);
      peer.sockname(C).note('the peer sees the same pair from its side');
      const PL = peer.listen('PL', 0, [...P, ['ip', LOOPBACK6]]);
      const D = subject.connect('D', LOOPBACK6, PL.port, P, 1000);
      peer.accept('PA', PL, 1000);
      subject.peername(D);
      subject.send(D, 'over ::1');
      subject.getopts(D, ['ipv6_v6only']);
    },
  ),
  scenario(
    'connect-listen.ipv6-v6only-refuses-v4',
    {
      title: 'A listener made with [inet6, {ipv6_v6only,true}] refuses IPv4 and accepts ::1',
      section: 'inet:setopts/2, option {ipv6_v6only, Boolean}',
      quote: v6onlyQuote,
      rationale:
        'inet_sockopt_SUITE ipv6_v6only_tcp: listen accepts {ipv6_v6only,true} and getopts reads it back; a connect to 127.0.0.1 on its port is refused, a connect to ::1 is accepted and the accepted socket reports v6only too',
    },
    (b) => {
      const { subject, peer } = b.cast({ subject: 'subject', peer: 'peer' });
      const L = subject.listen('L', 0, ['inet6', ['ipv6_v6only', true], ...P]);
      subject.getopts(L, ['ipv6_v6only']);
      subject.sockname(L);
      peer.connect('C4', LOOPBACK, L.port, P, 1000).note('IPv4: refused');
      peer.connect('C6', LOOPBACK6, L.port, P, 1000);
      const A = subject.accept('A', L, 1000);
      subject.getopts(A, ['ipv6_v6only']);
      subject.peername(A);
    },
  ),
  scenario(
    'connect-listen.ipv6-v6only-false-dual-stack',
    {
      title: 'A listener made with [inet6, {ipv6_v6only,false}] accepts IPv4 as mapped 8-tuples',
      section: 'inet:setopts/2, option {ipv6_v6only, Boolean}',
      quote:
        'Most Linux distros still have a system default value of false. […] (you can use {ipv6_v6only,false} to override the recommended system default value)',
      rationale:
        'inet_sockopt_SUITE ipv6_v6only_tcp (not Default): with v6only false the inet6 listener accepts a connect to 127.0.0.1; the accepted socket\'s sockname and peername are v4-mapped 8-tuples {0,0,0,0,0,65535,32512,1}',
    },
    (b) => {
      const { subject, peer } = b.cast({ subject: 'subject', peer: 'peer' });
      const L = subject.listen('L', 0, ['inet6', ['ipv6_v6only', false], ...P]);
      subject.getopts(L, ['ipv6_v6only']);
      peer.connect('C', LOOPBACK, L.port, P, 1000);
      const A = subject.accept('A', L, 1000);
      subject.sockname(A);
      subject.peername(A);
      subject.getopts(A, ['ipv6_v6only']);
    },
  ),
  scenario(
    'connect-listen.ipv6-v6only-defaults',
    {
      title: 'ipv6_v6only read back from IPv6 sockets made without it, and from an IPv4 socket',
      section: 'inet:setopts/2, option {ipv6_v6only, Boolean}',
      quote:
        'If you read back the option value using getopts/2 and get no value, the option does not exist in the host operating system.',
      rationale:
        'inet_sockopt_SUITE ipv6_v6only_tcp: getopts of ipv6_v6only gives the system default on an inet6 wildcard listener, the backend\'s value on one bound to ::1, and on an IPv4 socket the backend\'s answer (no value, or an error)',
    },
    (b) => {
      const subject = b.subject('subject');
      const L6 = subject.listen('L6', 0, ['inet6', ...P]);
      subject.getopts(L6, ['ipv6_v6only']);
      const L6ip = subject.listen('L6ip', 0, [...P, ['ip', LOOPBACK6]]);
      subject.getopts(L6ip, ['ipv6_v6only']);
      const L4 = subject.listen('L4', 0, P);
      subject.getopts(L4, ['ipv6_v6only']);
      subject.getopts(L4, ['ipv6_v6only', 'active']).note('with another option');
    },
  ),
  scenario(
    'connect-listen.ipv6-v6only-setopts',
    {
      title: '{ipv6_v6only,..} after the socket is bound, and in connect',
      section: 'inet:setopts/2, option {ipv6_v6only, Boolean}',
      quote:
        'On most platforms this option must be set on the socket before associating it to an address. It is therefore only reasonable to specify it when creating the socket and not to use it when calling function (setopts/2) containing this description.',
      rationale:
        'setopts {ipv6_v6only,Bool} on a bound inet6 listener, on a connected inet6 socket and on an IPv4 socket returns the backend\'s error and the value read back is unchanged; connect with {ipv6_v6only,true} exits badarg',
    },
    (b) => {
      const { subject, peer } = b.cast({ subject: 'subject', peer: 'peer' });
      const L = subject.listen('L', 0, ['inet6', ['ipv6_v6only', true], ...P]);
      subject.setopts(L, [['ipv6_v6only', false]]);
      subject.getopts(L, ['ipv6_v6only']);
      const PL = peer.listen('PL', 0, ['inet6', ...P]);
      subject
        .call('connect', LOOPBACK6, PL.port, { list: ['inet6', ['ipv6_v6only', true], ...P] }, 1000)
        .note('ipv6_v6only is a listen option: connect refuses it');
      const C = subject.connect('C', LOOPBACK6, PL.port, ['inet6', ...P], 1000);
      peer.accept('PA', PL, 1000);
      subject.getopts(C, ['ipv6_v6only']);
      subject.setopts(C, [['ipv6_v6only', false]]);
      subject.getopts(C, ['ipv6_v6only']);
      const L4 = subject.listen('L4', 0, P);
      subject.setopts(L4, [['ipv6_v6only', true]]).note('an IPv4 socket');
    },
  ),
];
