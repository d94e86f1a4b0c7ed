/** The README's library example: the first ```ts block of its "## The library" section. */
export function readmeLibraryExample(readme: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith('The library'));
  if (!section) throw new Error('README.md has no "## The library" section');
  const m = /^```ts\n([\s\S]*?)^```/m.exec(section);
  if (!m) throw new Error('README.md\'s "## The library" section has no ```ts example');
  return m[1]!;
}
