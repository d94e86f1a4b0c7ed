// A scenario of the user's own, written with the exported builder (its own family: acme.<case>).
import { scenario, LOOPBACK, until } from 'gentcp-conformance/jest';

export const onceAfterSetopts = scenario(
  'acme.once-after-setopts',
  {
    title: '{active,once} set after connect delivers one message',
    section: 'inet:setopts/2',
    quote: '{active, once} ... one data message is delivered, then the socket is passive',
    rationale: 'a passive socket made {active,once} by setopts delivers the data already sent as one tcp message',
  },
  (b) => {
    const client = b.subject('client');
    const server = b.peer('server');
    const L = server.listen('L', 0, ['binary', ['active', false]]);
    const C = client.connect('C', LOOPBACK, L.port, ['binary', ['active', false]]);
    const S = server.accept('S', L, 2000);
    server.send(S, 'hello');
    client.setopts(C, [['active', 'once']]);
    b.await(client, until.data(C, 5), 2000);
    client.flush();
  },
);
