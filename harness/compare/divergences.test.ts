import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findDivergence, loadAllDivergences, loadDivergences } from './divergences.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gentcp-div-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const own = {
  scenario: 'acme.area.case',
  subjects: ['ts:inet'],
  otp: ['25'],
  reason: 'our fork answers einval here on purpose',
  evidence: 'measured with gentcp run acme.area.case',
};

describe('--divergences files', () => {
  test('are added after the built-in ones, and findDivergence sees them', () => {
    const f = path.join(dir, 'd.json');
    writeFileSync(f, JSON.stringify({ divergences: [own] }));
    const all = loadAllDivergences([f]);
    expect(all.length).toBe(loadDivergences().length + 1);
    expect(findDivergence(all, 'acme.area.case', 'ts:inet', '25')?.reason).toBe(own.reason);
    expect(findDivergence(all, 'acme.area.case', 'ts:inet', '27')).toBeUndefined();
  });

  test('a bad file is an error naming the file and the field', () => {
    const f = path.join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ divergences: [{ ...own, subjects: ['ts:nope'] }] }));
    expect(() => loadAllDivergences([f])).toThrow(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: divergences\\[0\\]\\.subjects\\[0\\]`));
  });

  test('a file that is not JSON is an error naming the file', () => {
    const f = path.join(dir, 'broken.json');
    writeFileSync(f, '{ nope');
    expect(() => loadAllDivergences([f])).toThrow(f);
  });
});
