import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { syntheticResults } from './fixtures.js';
import { renderJunit } from './junit.js';

const xsd = path.join(projectRoot(), 'fixtures', 'junit', 'junit.xsd');

function validate(xml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gentcp-junit-')), 'junit.xml');
  writeFileSync(file, xml);
  // xmllint (libxml2-utils) validates against the JUnit schema CI consumers read.
  return execFileSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('junit.xml', () => {
  const results = syntheticResults([
    { id: 'econnreset.a', verdict: 'match' },
    { id: 'econnreset.b', verdict: 'fail' },
    { id: 'backlog.c', verdict: 'error', subject: 'ts:socket' },
    { id: 'backlog.d', verdict: 'known-divergence' },
    { id: 'backlog.e', verdict: 'unsupported', otp: '27' },
    { id: 'backlog.f', verdict: 'match-alt' },
  ]);
  const xml = renderJunit(results);

  test('is valid against the JUnit schema', () => {
    expect(() => validate(xml)).not.toThrow();
  });

  test('has one test case per scenario, subject and release, a suite per family', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testsuites name="gentcp conformance" tests="6" failures="1" errors="1" skipped="1"');
  });

  test('a known divergence passes and says why; fail and error carry the diff and the re-run command', () => {
    const known = xml.slice(xml.indexOf('backlog.d'), xml.indexOf('</testcase>', xml.indexOf('backlog.d')));
    expect(known).not.toMatch(/<failure|<error/);
    expect(known).toContain('known divergence: cannot on Node because');
    const failed = xml.slice(xml.indexOf('econnreset.b'), xml.indexOf('</testcase>', xml.indexOf('econnreset.b')));
    expect(failed).toContain('<failure message="reason for fail');
    expect(failed).toContain('re-run: gentcp run econnreset.b --subject ts:inet --against erlang:inet --reference local --otp 25');
  });

  test('escapes markup and control characters', () => {
    expect(xml).not.toContain('<tag>');
    expect(xml).toContain('&lt;tag&gt;');
    expect(xml).toContain('\\u0001');
  });
});

describe('namespaced ids', () => {
  test('group under every segment but the last, in the junit suites and the html family rows', async () => {
    const r = syntheticResults([
      { id: 'acme.area.one', verdict: 'match' },
      { id: 'acme.area.two', verdict: 'fail' },
      { id: 'acme.other.three', verdict: 'match' },
      { id: 'backlog.c', verdict: 'match' },
    ]);
    const xml = renderJunit(r);
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(['acme.area', 'acme.other', 'backlog']);
    const { renderHtml } = await import('./html.js');
    const html = renderHtml(r);
    expect([...html.matchAll(/<tr class="family-row" data-family="([^"]+)"/g)].map((m) => m[1])).toEqual(['acme.area', 'acme.other', 'backlog']);
    expect(html).toContain('<span class="sid">one</span>');
  });
});
