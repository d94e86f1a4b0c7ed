import { defaultAgainst, parseSubject, parseSubjects } from './subject.js';

describe('subjects', () => {
  test('the built-in ones', () => {
    expect(parseSubject('ts:socket')).toEqual({ name: 'ts:socket', impl: 'ts', backend: 'socket' });
    expect(parseSubject('erlang:inet')).toEqual({ name: 'erlang:inet', impl: 'erlang', backend: 'inet' });
  });

  test('module:<path> runs on inet unless @socket says otherwise, and is compared with that Erlang backend', () => {
    const inet = parseSubject('module:./impl.mjs');
    expect(inet).toEqual({ name: 'module:./impl.mjs', impl: 'module', backend: 'inet', module: './impl.mjs' });
    expect(defaultAgainst(inet)).toBe('erlang:inet');
    const socket = parseSubject('module:lib/a@b/impl.js@socket');
    expect(socket).toEqual({ name: 'module:lib/a@b/impl.js@socket', impl: 'module', backend: 'socket', module: 'lib/a@b/impl.js' });
    expect(defaultAgainst(socket)).toBe('erlang:socket');
  });

  test('node:<host>:<port> and node:cmd:<command>', () => {
    expect(parseSubject('node:127.0.0.1:4000@socket')).toEqual({
      name: 'node:127.0.0.1:4000@socket',
      impl: 'node',
      backend: 'socket',
      node: { kind: 'address', host: '127.0.0.1', port: 4000 },
    });
    expect(parseSubject('node:cmd:escript erlang/gentcp_driver.escript').node).toEqual({ kind: 'command', command: 'escript erlang/gentcp_driver.escript' });
    expect(parseSubject('node:cmd:./driver.sh@socket').backend).toBe('socket');
  });

  test.each([
    ['module:', 'module: takes a path'],
    ['module:./impl.js@tcp', 'the backend after @ is inet or socket, not "tcp"'],
    ['node:127.0.0.1', 'node: takes HOST:PORT'],
    ['node:localhost:70000', 'node: takes HOST:PORT'],
    ['node:cmd:', 'node:cmd: takes a command'],
    ['ts:tcp', 'unknown subject "ts:tcp"'],
  ])('%s is refused: %s', (s, message) => {
    expect(() => parseSubject(s)).toThrow(message);
  });

  test('lists take them too, each once', () => {
    expect(parseSubjects('ts:inet, module:./a.mjs@socket')).toEqual(['ts:inet', 'module:./a.mjs@socket']);
    expect(() => parseSubjects('module:./a.mjs,module:./a.mjs')).toThrow('subject "module:./a.mjs" is listed twice');
  });
});
