import { rerunCommand, shellWord } from './rerun.js';

const base = { id: 'econnreset.active-show', subject: 'ts:inet', against: 'erlang:inet', provider: 'local', otp: '25' };

test('a built-in case re-runs by id against the same reference node', () => {
  expect(rerunCommand(base)).toBe('gentcp run econnreset.active-show --subject ts:inet --against erlang:inet --reference local --otp 25');
});

test("a user's scenario re-runs from its file, with the run's divergence files, quoted for the shell", () => {
  expect(rerunCommand({ ...base, id: 'acme.area.case', source: 'my scenarios/case.json', subject: 'node:cmd:erl -s x', divergenceFiles: ['a.json', 'b.json'] })).toBe(
    "gentcp run 'my scenarios/case.json' --subject 'node:cmd:erl -s x' --against erlang:inet --reference local --otp 25 --divergences a.json,b.json",
  );
  expect(shellWord("it's")).toBe(`'it'\\''s'`);
});
