// A scenario of the user's own, written with the exported builder (its own family: acme.<case>).
import { scenario, until } from 'gentcp-conformance/jest';

export const onceAfterSetopts = scenario(
  'acme.once-after-setopts',
  {
    title: '{active,once} set after connect delivers one message',
    section: 'inet:setopts/2',
    quote: '{active, once} ... one data message is delivered, then the socket is passive',
    rationale: 'a passive socket made {active,once} by setopts delivers the data already sent as one tcp message',
  },
  (b) => {
    const { client, server, C, S } = b.connectedPair({ listen: ['binary', ['active', false]], connect: ['binary', ['active', false]] });
    server.send(S, 'hello');
    client.setopts(C, [['active', 'once']]);
    b.await(client, until.data(C, 5), 2000);
    client.flush();
  },
);
