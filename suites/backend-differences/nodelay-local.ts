import { path, scenario } from '../builder.js';

const section = 'gen_tcp, inet_backend note: nodelay with domain = local';
const quote =
  'When using inet_backend = socket, trying to create a socket (via listen or connect) with domain = local (for example with option {ifaddr, {local,"/tmp/test"}}) will fail with {error, enotsup}. This does not actually work for inet_backend = inet either, but in that case the error is simply ignored, which is a bad idea. We have chosen to not ignore this error for inet_backend = socket.';

export default [
  scenario(
    'backend-differences.nodelay-local-listen',
    {
      title: 'listen on a unix socket with {nodelay, true}',
      section,
      quote,
      rationale: 'socket refuses nodelay on a local socket with {error,enotsup}; inet ignores it',
    },
    (b) => {
      const server = b.subject('server');
      server.listen('L', 0, [['ifaddr', path('nodelay')], ['nodelay', true], 'binary', ['active', false]]);
    },
  ),
  scenario(
    'backend-differences.nodelay-local-connect',
    {
      title: 'connect to a unix socket with {nodelay, true}',
      section,
      quote,
      rationale: 'socket refuses nodelay on a local socket with {error,enotsup}; inet ignores it',
    },
    (b) => {
      const { client, server } = b.cast({ client: 'subject', server: 'peer' });
      server.listen('L', 0, [['ifaddr', path('nodelay-c')], 'binary', ['active', false]]);
      client.connect('C', path('nodelay-c'), 0, [['nodelay', true], 'binary', ['active', false]], 1000);
    },
  ),
];
