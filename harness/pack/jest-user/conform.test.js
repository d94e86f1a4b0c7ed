import { conformanceMatchers, expectConformance } from 'gentcp-conformance/jest';
import { onceAfterSetopts } from './user-scenario.js';

expect.extend(conformanceMatchers);

test('gentcp on inet conforms (verify helper)', async () => {
  const results = await expectConformance(onceAfterSetopts, { subject: 'ts:inet' });
  expect(results.map((r) => r.verdict)).toEqual(['match']);
});

test('gentcp on socket conforms (matcher)', async () => {
  await expect(onceAfterSetopts).toConform({ subject: 'ts:socket' });
});
