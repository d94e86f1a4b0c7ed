/** The JSON Schemas the repository publishes, generated from the zod schemas they document. */
import { z } from 'zod';
import { DivergenceFile } from '../compare/divergences.js';
import { ResultsSchema } from '../report/results.js';
import { Scenario } from '../scenario/schema.js';

export const SCHEMA_FILES: Record<string, z.ZodType> = {
  'scenario.schema.json': Scenario,
  'results.schema.json': ResultsSchema,
  'known-divergences.schema.json': DivergenceFile,
};

export function jsonSchemaText(schema: z.ZodType, title: string): string {
  const j = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return JSON.stringify({ title, ...j }, null, 2) + '\n';
}
