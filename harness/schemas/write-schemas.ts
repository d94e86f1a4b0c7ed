/** npm run schema: rewrites fixtures/*.schema.json from the zod schemas. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { SCHEMA_FILES, jsonSchemaText } from './json-schemas.js';

for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
  const out = path.join(projectRoot(), 'fixtures', file);
  writeFileSync(out, jsonSchemaText(schema, `gentcp ${file.replace('.schema.json', '')}`));
  console.log(`wrote ${out}`);
}
