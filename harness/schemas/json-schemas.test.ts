import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { SCHEMA_FILES, jsonSchemaText } from './json-schemas.js';

describe('published JSON Schemas', () => {
  test.each(Object.entries(SCHEMA_FILES))('fixtures/%s is up to date (npm run schema)', (file, schema) => {
    const committed = readFileSync(path.join(projectRoot(), 'fixtures', file), 'utf8');
    expect(committed).toBe(jsonSchemaText(schema, `gentcp ${file.replace('.schema.json', '')}`));
  });
});
