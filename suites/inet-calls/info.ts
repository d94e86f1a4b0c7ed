/**
 * inet:info/1: the map a backend shows of a socket. inet's is erlang:port_info/1's fields with
 * getstat's counters and the driver's states; the socket backend's is socket:info/1's, with
 * gen_tcp_socket's counters and active mode. Sizes and counts vary from run to run, so the maps
 * compare by shape (integers blanked): which keys, which states, whose pid. From inet.erl
 * info/1 and gen_tcp_socket:info/1; gen_tcp_misc_SUITE prints them in its diagnostics.
 */
import { raises, scenario } from '../builder.js';

const section = 'inet:info/1';
// inet(3) says no more than this; the maps' contents were read from real Erlang on OTP 25, 27 and 29.
const quote = 'info(Socket) -> Info […] Produces a term containing miscellaneous information about a socket.';

export default [
  scenario(
    'inet-calls.info-open',
    {
      title: 'info of a listening, an active and a passive socket',
      section,
      quote,
      rationale:
        'inet shows counters, input, links, memory, monitors, output, owner and states ([listen,open], [connected,open]); the socket backend shows active, counters, ctype, domain, the numbers of acceptors, readers and writers, owner, protocol, type and its read and write states, which OTP 27 reports more of than 25',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ client: b.subject('client'), server: b.subject('server'), connect: ['binary', ['active', true]] });
      server.send(S, 'hello');
      client.info(C).shape().note('active, after data');
      server.info(S).shape().note('passive, after a send');
      client.setopts(C, [['active', 'once']]);
      client.info(C).shape().note('active once');
    },
  ),
  scenario(
    'inet-calls.info-listen',
    {
      title: 'info of a listen socket',
      section,
      quote,
      rationale: 'a listen socket: states [listen,open] on inet; rstates [bound,listening] on the socket backend, whose wstates are [] except on OTP 25 once it accepted a connection ([connected])',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const L = server.listen('L', 0, ['binary', ['active', false]]);
      server.info(L).shape().note('before any accept');
      client.connect('C', [127, 0, 0, 1], L.port, ['binary', ['active', false]]);
      server.accept('S', L, 1000);
      server.info(L).shape().note('after an accept');
      server.close(L);
      server.info(L).note('closed: its states alone');
    },
  ),
  scenario(
    'inet-calls.info-closed',
    {
      title: 'info of a closed connection, and of what is not a socket',
      section,
      quote,
      rationale: 'a closed socket shows #{states => [closed]} (inet) or #{rstates => [closed], wstates => [closed]} (socket backend); info(nope) has no clause (error:function_clause)',
    },
    (b) => {
      const { client, C } = b.connectedPair();
      client.close(C);
      client.info(C);
      client.info('nope').expect(raises('error', 'function_clause'));
    },
  ),
  scenario(
    'inet-calls.info-ended',
    {
      title: 'info once the peer closed and after shutdown(write)',
      section,
      quote,
      rationale: 'with exit_on_close false a socket whose peer closed is still open: info shows it as the backend sees it, as it does after shutdown(write)',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ connect: ['binary', ['active', false], ['exit_on_close', false]] });
      client.shutdown(C, 'write');
      client.info(C).shape().note('after shutdown(write)');
      server.close(S);
      client.recv(C, 0, 1000);
      client.info(C).shape().note('after recv saw the end');
    },
  ),
];
