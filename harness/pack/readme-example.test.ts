import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { readmeLibraryExample } from './readme-example.js';

test('the README library example is found, and imports gentcp', () => {
  const example = readmeLibraryExample(readFileSync(path.join(projectRoot(), 'README.md'), 'utf8'));
  expect(example).toMatch(/from 'gentcp'/);
});

test('a README without the section or the example says which is missing', () => {
  expect(() => readmeLibraryExample('# x\n## Other\n')).toThrow('no "## The library" section');
  expect(() => readmeLibraryExample('## The library\ntext\n## Next\n```ts\nx\n```\n')).toThrow('has no ```ts example');
});
