import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scenariosFor } from './conformance.js';
import { allScenarios } from '../../suites/index.js';
import { loadScenarioSources, scenarioFiles, uniqueScenarios } from '../scenario/sources.js';
import { ScenarioError } from '../scenario/validate.js';

const scenario = (id: string): object => ({
  id,
  title: `title of ${id}`,
  spec: { section: 'gen_tcp:listen/2', quote: 'Sets up a socket to listen.' },
  rationale: 'a listen on port 0 succeeds',
  actors: { a: { side: 'subject' } },
  steps: [{ actor: 'a', op: 'listen', args: [0, { list: [] }], as: 'L' }],
});

let dir: string;
const write = (rel: string, data: unknown): string => {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gentcp-sources-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('--scenarios files and directories', () => {
  test('a directory gives every *.json in it, recursively, sorted by path', async () => {
    write('b.json', scenario('acme.b'));
    write('a/z.json', scenario('acme.area.z'));
    write('a/y.json', scenario('acme.area.y'));
    write('notes.txt', 'not a scenario');
    const loaded = await loadScenarioSources([dir]);
    expect(loaded.map((x) => x.scenario.id)).toEqual(['acme.area.y', 'acme.area.z', 'acme.b']);
    expect(loaded[0]!.source).toBe(path.join(dir, 'a', 'y.json'));
  });

  test('files keep the order given, and a file named twice loads once', async () => {
    const b = write('b.json', scenario('acme.b'));
    const a = write('a.json', scenario('acme.a'));
    expect(await scenarioFiles([b, a, dir])).toEqual([b, a]);
  });

  test('a missing path and an empty directory are errors naming them', async () => {
    await expect(scenarioFiles([path.join(dir, 'nope')])).rejects.toThrow(`no file or directory ${path.join(dir, 'nope')}`);
    mkdirSync(path.join(dir, 'empty'));
    await expect(scenarioFiles([path.join(dir, 'empty')])).rejects.toThrow('no .json file under');
  });

  test('a bad file is a ScenarioError naming the file and the field', async () => {
    const bad = write('bad.json', { ...scenario('acme.bad'), id: 'Acme' });
    const err = await loadScenarioSources([dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).source).toBe(bad);
    expect((err as ScenarioError).problems[0]).toMatch(/^id: an id is family\.case/);
  });

  test('an id defined in two files is an error naming both', async () => {
    const one = write('one.json', scenario('acme.same'));
    const two = write('sub/two.json', scenario('acme.same'));
    await expect(loadScenarioSources([dir]).then(uniqueScenarios)).rejects.toThrow(`scenario id acme.same is defined twice: in ${one} and in ${two}`);
  });
});

describe('which scenarios a conformance run covers', () => {
  test('without --scenarios: the built-in suite', async () => {
    expect((await scenariosFor({})).map((s) => s.id)).toEqual(allScenarios().map((s) => s.id));
  });

  test('--scenarios alone: only those', async () => {
    write('x.json', scenario('acme.area.x'));
    expect((await scenariosFor({ scenarioPaths: [dir] })).map((s) => s.id)).toEqual(['acme.area.x']);
  });

  test('--scenarios with --with-builtin: the built-ins, then those', async () => {
    write('x.json', scenario('acme.area.x'));
    const ids = (await scenariosFor({ scenarioPaths: [dir], withBuiltin: true })).map((s) => s.id);
    expect(ids).toEqual([...allScenarios().map((s) => s.id), 'acme.area.x']);
  });

  test('a file reusing a built-in id is an error naming the file and the built-in suite', async () => {
    const builtin = allScenarios()[0]!.id;
    const f = write('dup.json', scenario(builtin));
    await expect(scenariosFor({ scenarioPaths: [f], withBuiltin: true })).rejects.toThrow(`scenario id ${builtin} is defined twice: in the built-in suite and in ${f}`);
  });
});

describe('run, record and repro find an id in --scenarios files', () => {
  test('by id, among the built-ins and the files', async () => {
    const { findScenario } = await import('./run-command.js');
    write('area/x.json', scenario('acme.area.x'));
    expect((await findScenario('acme.area.x', [dir])).id).toBe('acme.area.x');
    expect((await findScenario(allScenarios()[0]!.id, [dir])).id).toBe(allScenarios()[0]!.id);
    await expect(findScenario('acme.area.y', [dir])).rejects.toThrow(`no scenario "acme.area.y" (gentcp list shows the built-in ones; --scenarios gave ${dir})`);
  });
});
