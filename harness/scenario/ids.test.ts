import { caseOf, familyOf, isScenarioId } from '../vocabulary/ids.js';
import { validateScenario, ScenarioError } from './validate.js';

const scenario = (id: string): unknown => ({
  id,
  title: 't',
  spec: { section: 's', quote: 'q' },
  rationale: 'r',
  actors: { a: { side: 'subject' } },
  steps: [{ op: 'wait', ms: 1 }],
});

describe('scenario ids', () => {
  test.each(['send-recv.partial', 'acme.area.case', 'a.b.c.d', 'x1.y-2'])('%s is an id', (id) => {
    expect(isScenarioId(id)).toBe(true);
    expect(validateScenario(scenario(id)).id).toBe(id);
  });

  test.each(['nofamily', 'Acme.case', 'acme..case', 'acme.case.', '.acme.case', 'acme.-case', 'acme.ca_se', 'acme.cäse'])('%s is refused', (id) => {
    expect(isScenarioId(id)).toBe(false);
    expect(() => validateScenario(scenario(id))).toThrow(ScenarioError);
  });

  test('the family is every segment but the last', () => {
    expect(familyOf('send-recv.partial')).toBe('send-recv');
    expect(familyOf('acme.area.case')).toBe('acme.area');
    expect(caseOf('acme.area.case')).toBe('case');
  });
});
