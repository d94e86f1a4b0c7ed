/** Every scenario's quote stands verbatim in fixtures/spec/ (white space folded), unless its spec names another source. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allScenarios } from '../../suites/index.js';
import { pageText, quotePassages, unquotedPassages } from './spec-quotes.js';

const dir = fileURLToPath(new URL('../../fixtures/spec/', import.meta.url));
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => pageText(readFileSync(path.join(dir, f), 'utf8')));

describe('the man page layout is undone, the quote cut at […]', () => {
  test('a word hyphenated across lines, list bullets and runs of white space', () => {
    expect(pageText('the con\u2010\n       nection:\n   * {ok, Socket} if\testablished\n')).toBe('the connection: {ok, Socket} if established ');
  });

  test('passages are found in any page, a changed word is not', () => {
    const page = pageText('Sets up a socket to listen on port Port on the\n       local host.  Returns the local port number for a socket.');
    expect(quotePassages('Sets up a socket […] Returns the  local port')).toEqual(['Sets up a socket', 'Returns the local port']);
    expect(unquotedPassages('Sets up a socket to listen on port Port […] Returns the local port number', [page])).toEqual([]);
    expect(unquotedPassages('Sets up a socket to listen on Port […] Returns the local port number for a socket.', [page])).toEqual(['Sets up a socket to listen on Port']);
  });
});

describe('scenario quotes', () => {
  const scenarios = allScenarios();
  test('the spec pages are there', () => {
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  test.each(scenarios.filter((s) => s.spec.source === undefined).map((s) => [s.id, s.spec.quote] as const))('%s quotes fixtures/spec/ verbatim', (_id, quote) => {
    expect(unquotedPassages(quote, pages)).toEqual([]);
  });

  test.each(scenarios.filter((s) => s.spec.source !== undefined).map((s) => [s.id, s.spec] as const))('%s names the source of a quote not in fixtures/spec/', (_id, spec) => {
    // A quote marked as coming from elsewhere must really be missing here, or the mark is stale.
    expect(unquotedPassages(spec.quote, pages).length).toBeGreaterThan(0);
    expect(spec.source!.length).toBeGreaterThan(20);
  });
});
