import { ErlangExit, gen_tcp, inet, type Option } from '../index.js';

/** The exit a call raises (synchronously or from its promise). */
async function exitOf(f: () => unknown): Promise<ErlangExit> {
  try {
    await f();
  } catch (e) {
    if (e instanceof ErlangExit) return e;
    throw e;
  }
  throw new Error('no exit');
}

const asList = (o: object): Option[] => o as unknown as Option[];

describe('options given as a JS object', () => {
  test('connect and listen exit badarg naming the option and the list to write', async () => {
    const c = await exitOf(() => gen_tcp.connect('localhost', 1, asList({ active: false })));
    expect(c.reason).toBe('badarg');
    expect(c.message).toBe("exit: badarg (options must be a list like [['active', false]]; got an object with active)");
    const l = await exitOf(() => gen_tcp.listen(0, asList({ packet: 2, mode: 'binary' })));
    expect(l.reason).toBe('badarg');
    expect(l.message).toBe("exit: badarg (options must be a list like [['packet', 2]]; got an object with packet, mode)");
  });

  test('setopts and getopts exit badarg too', async () => {
    const r = await gen_tcp.listen(0, []);
    if (r[0] === 'error') throw new Error('listen');
    const s = await exitOf(() => inet.setopts(r[1], asList({ active: 'once' })));
    expect(s.message).toBe("exit: badarg (options must be a list like [['active', 'once']]; got an object with active)");
    const g = await exitOf(() => inet.getopts(r[1], {} as unknown as string[]));
    expect(g.reason).toBe('badarg');
    expect(g.message).toBe("exit: badarg (option names must be a list like ['active']; got an empty object)");
    await gen_tcp.close(r[1]);
  });
});
