import { scenario, until } from '../builder.js';
import { BULK, bulkSent } from './common.js';

const section = 'gen_tcp:shutdown/2, note: Async shutdown write';
const quote =
  'If the shutdown attempt is made while the inet-driver is sending buffered data in the background, the shutdown is postponed until all buffered data has been sent. The function immediately returns ok and the caller is not informed (that the shutdown has not yet been performed). When using inet_backend = socket, the behaviour is different. A shutdown with How == write | read_write, the operation will take immediate effect (unlike the inet-driver, which basically saves the operation for later).';

export default [
  scenario(
    'backend-differences.async-shutdown-write',
    {
      title: 'shutdown(write) while a large send is still going out',
      section,
      quote,
      rationale: 'inet: the FIN follows all buffered data, so the peer reads every byte before tcp_closed; socket: the shutdown takes effect at once',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = bulkSent(b);
      client.shutdown(C, 'write');
      server.setopts(S, [['active', true]]);
      b.await(server, until.data(S, BULK), 2000, 'all-bytes');
      b.await(server, until.closed(S), 5000, 'fin');
    },
  ),
  scenario(
    'backend-differences.shutdown-read-write-buffered',
    {
      title: 'shutdown(read_write) while a large send is still going out',
      section,
      quote,
      rationale: 'inet postpones the shutdown behind the buffered data; socket shuts down at once',
      messages: { server: 'ignore' },
    },
    (b) => {
      const { client, server, C, S } = bulkSent(b);
      client.shutdown(C, 'read_write');
      server.setopts(S, [['active', true]]);
      b.await(server, until.data(S, BULK), 2000, 'all-bytes');
      b.await(server, until.closed(S), 5000, 'fin');
      client.recv(C, 0, 500);
    },
  ),
];
