import { inspect } from 'node:util';
import { gen_tcp } from '../index.js';

describe('a socket prints as Erlang shows it', () => {
  test('an inet socket is #Port<0.Id> in util.inspect, console.log and String()', async () => {
    const l = await gen_tcp.listen(0, [['inet_backend', 'inet']]);
    if (l[0] === 'error') throw new Error('listen');
    const name = `#Port<0.${l[1].id}>`;
    expect(inspect(l[1])).toBe(name);
    expect(String(l[1])).toBe(name);
    expect(inspect(['tcp_closed', l[1]])).toBe(`[ 'tcp_closed', ${name} ]`);
    await gen_tcp.close(l[1]);
  });

  test('a socket-backend socket is #Socket<0.Id>', async () => {
    const l = await gen_tcp.listen(0, [['inet_backend', 'socket']]);
    if (l[0] === 'error') throw new Error('listen');
    expect(inspect(l[1])).toBe(`#Socket<0.${l[1].id}>`);
    await gen_tcp.close(l[1]);
  });
});
