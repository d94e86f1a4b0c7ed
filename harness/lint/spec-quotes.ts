/**
 * Scenario quotes against the reference pages they cite (fixtures/spec/*.txt, the OTP 25 man pages
 * of gen_tcp and inet as `man` renders them): a quote must stand there verbatim, up to white space.
 */

/** A man page's text with its layout undone: words hyphenated across lines joined, list bullets dropped, white space folded. */
export function pageText(man: string): string {
  return man
    .replace(/\u2010[ \t]*\n\s*/g, '')
    .replace(/^[ \t]*\*[ \t]+/gm, ' ')
    .replace(/\s+/g, ' ');
}

/** The passages of a quote: it is cut at each […], and its white space folded. */
export function quotePassages(quote: string): string[] {
  return quote
    .split('[…]')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** The passages of `quote` that stand in none of `pages` (page texts as pageText gives them). */
export function unquotedPassages(quote: string, pages: readonly string[]): string[] {
  return quotePassages(quote).filter((p) => !pages.some((page) => page.includes(p)));
}
