import * as gentcp from 'gentcp';
import * as testing from 'gentcp/testing';
import { adaptModule, gentcpLibrary } from './subject-library.js';

const fn = (): string => 'ok';
const genTcp = { listen: fn, connect: fn, accept: fn, send: fn, recv: fn, close: fn, shutdown: fn, controlling_process: fn };
const inet = { setopts: fn, getopts: fn, port: fn, peername: fn, sockname: fn, getstat: fn };

describe('a module as the subject', () => {
  test('gen_tcp and inet are required, each call named when missing', () => {
    expect(() => adaptModule({}, 'x.mjs')).toThrow('subject module x.mjs does not export gen_tcp, inet');
    const { recv: _recv, ...noRecv } = genTcp;
    expect(() => adaptModule({ gen_tcp: noRecv, inet }, 'x.mjs')).toThrow('does not export gen_tcp.recv');
  });

  test('what it leaves out comes from the installed gentcp; what it exports is used', () => {
    const lib = adaptModule({ gen_tcp: genTcp, inet }, 'x.mjs');
    expect(lib.gen_tcp.send).toBe(fn);
    expect(lib.inet.getstat).toBe(fn);
    expect(lib.ErlangError).toBe(gentcp.ErlangError);
    expect(lib.testing.Process).toBe(testing.Process);
    class MyProcess extends testing.Process {}
    expect(adaptModule({ gen_tcp: genTcp, inet, testing: { Process: MyProcess } }, 'x.mjs').testing.Process).toBe(MyProcess);
  });

  test('an export of the wrong kind is refused', () => {
    expect(() => adaptModule({ gen_tcp: genTcp, inet, Pid: 3 }, 'x.mjs')).toThrow('subject module x.mjs: Pid is exported but is not a function or class');
  });

  test('the default library is gentcp', () => {
    expect(gentcpLibrary().gen_tcp).toBe(gentcp.gen_tcp);
  });
});
