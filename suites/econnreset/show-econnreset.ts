import { LOOPBACK, bin, scenario, until } from '../builder.js';

/**
 * inet:setopts/2, option {show_econnreset, Boolean}. Every case has the peer
 * abort the connection with an RST (`reset`: {linger,{true,0}} then close).
 */
const section = 'inet:setopts/2, option {show_econnreset, Boolean}';
const asClose =
  'When this option is set to false, which is default, an RST received from the TCP peer is treated as a normal close (as though an FIN was sent).';
const activeNoshow = `${asClose} […] In active mode, the controlling process receives a {tcp_closed, Socket} message, indicating that the peer has closed the connection.`;
const passiveNoshow = `${asClose} A caller to gen_tcp:recv/2 gets {error, closed}.`;
const activeShow =
  'In active mode, the controlling process receives a {tcp_error, Socket, econnreset} message before the usual {tcp_closed, Socket}, as is the case for any other socket error.';
const sendShow = 'Calls to gen_tcp:send/2 also returns {error, econnreset} when it is detected that a TCP peer has sent an RST.';
const inherit = 'A connected socket returned from gen_tcp:accept/1 inherits the show_econnreset setting from the listening socket.';

export default [
  scenario(
    'econnreset.active-noshow',
    {
      title: 'Active socket, show_econnreset left at its default: an RST after some data',
      section,
      quote: activeNoshow,
      rationale:
        'show_econnreset defaults to false; the owner gets the data, then only {tcp_closed,S} (no tcp_error), and send afterwards returns {error,closed}',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', true]] });
      client.getopts(C, ['show_econnreset']);
      server.send(S, 'last words');
      server.reset(S);
      b.await(client, until.closed(C), 2000);
      client.send(C, 'too late');
    },
  ),
  scenario(
    'econnreset.active-show',
    {
      title: '{active,once} with show_econnreset: the RST arrives while the socket is passive again',
      section,
      quote: activeShow,
      rationale:
        'an RST that arrives while {active,once} is spent is held: the next once delivers the data sent before it, the one after delivers {tcp_error,S,econnreset} then {tcp_closed,S}',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({
        connect: ['binary', ['active', 'once'], ['show_econnreset', true]],
      });
      server.send(S, 'first');
      b.await(client, until.data(C, 5), 2000);
      server.send(S, 'second');
      server.reset(S);
      b.wait(200);
      client.flush()
        .expect({ list: [['tcp', { sock: 'C' }, bin('first')]] })
        .note('only the first data: the socket went passive after it, so nothing else may arrive');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.data(C, 6), 2000);
      client.flush()
        .expect({ list: [['tcp', { sock: 'C' }, bin('second')]] })
        .note('the data sent before the RST, alone: the error is not delivered with it');
      client.setopts(C, [['active', 'once']]);
      b.await(client, until.closed(C), 2000);
    },
  ),
  scenario(
    'econnreset.passive-noshow',
    {
      title: 'Passive socket, show_econnreset false: recv after an RST that followed some data',
      section,
      quote: passiveNoshow,
      rationale:
        'data sent before the RST is still returned by recv (exact length, then the rest), then recv returns {error,closed}; later calls fail as each backend does',
    },
    (b) => {
      const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
      server.send(S, 'hello world');
      server.reset(S);
      b.wait(200);
      client.recv(C, 5, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000);
      client.recv(C, 0, 1000)
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'einval'], { backends: ['socket'], otp: ['27', '29'] });
      client.send(C, 'too late').expect(['error', 'closed']).note('even after inet said enotconn');
    },
  ),
  scenario(
    'econnreset.send-after-reset',
    {
      title: 'send as the first call after an RST, with show_econnreset false and true',
      section,
      quote: sendShow,
      rationale:
        'the first send after an RST returns {error,closed} by default and {error,econnreset} with show_econnreset; the follow-up send and recv fail as each backend does',
    },
    (b) => {
      const { client, server, L, C: C1, S: S1 } = b.connectedPair({ names: { connect: 'C1', accept: 'S1' } });
      const C2 = client.connect('C2', LOOPBACK, L.port, ['binary', ['active', false], ['show_econnreset', true]]);
      const S2 = server.accept('S2', L, 2000);
      server.reset(S1);
      server.reset(S2);
      b.wait(200);
      client.send(C1, 'x');
      client.send(C1, 'y')
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'closed'], { backends: ['socket'] });
      client.recv(C1, 0, 500)
        .expect(['error', 'closed'])
        .note('on inet, a recv after the enotconn send still says closed');
      client.send(C2, 'x');
      client.send(C2, 'y')
        .expect(['error', 'enotconn'], { backends: ['inet'] })
        .expect(['error', 'econnreset'], { backends: ['socket'], otp: ['25'] })
        .expect(['error', 'closed'], { backends: ['socket'], otp: ['27', '29'] });
      client.recv(C2, 0, 500).expect(['error', 'econnreset']);
    },
  ),
  scenario(
    'econnreset.accept-inherits',
    {
      title: 'An accepted socket inherits show_econnreset from its listen socket',
      section,
      quote: inherit,
      rationale:
        'a socket accepted from a listen socket with show_econnreset true reports it true and, on an RST, delivers the data, then {tcp_error,S,econnreset}, then {tcp_closed,S}',
    },
    (b) => {
      const { server, client } = b.cast({ server: 'subject', client: 'peer' });
      const { C, S } = b.connectedPair({
        client,
        server,
        listen: ['binary', ['active', true], ['show_econnreset', true]],
        connect: ['binary', ['active', false]],
      });
      server.getopts(S, ['show_econnreset']);
      client.send(C, 'bye');
      client.reset(C);
      b.await(server, until.closed(S), 2000);
    },
  ),
];
