import { expectConformance } from 'gentcp-conformance/jest';
import { onceAfterSetopts } from './user-scenario.js';

test('a module whose setopts refuses does not conform', async () => {
  await expectConformance(onceAfterSetopts, { subject: 'module:./broken-impl.mjs' });
});
