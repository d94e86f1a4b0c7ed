import { InvalidArgumentError } from 'commander';
import { DEFAULT_SUBJECTS, subjectsFromEnv } from '../vocabulary/subject.js';
import { collectPaths, parseOneOtp, parseOneReference, parseOtps, parseReferences, parseRepeat, parseSubjectList, referenceTargets } from './options.js';

describe('reference targets', () => {
  test('each --reference runs with each --otp, unless it names its own', () => {
    expect(referenceTargets(parseReferences('container:27,local'), undefined)).toEqual([{ provider: 'container', otp: '27' }, { provider: 'local' }]);
    expect(referenceTargets(parseReferences('container,local:25'), parseOtps('27,29'))).toEqual([
      { provider: 'container', otp: '27' },
      { provider: 'container', otp: '29' },
      { provider: 'local', otp: '25' },
    ]);
  });

  test.each([
    [() => parseOtps('25,26'), '--otp takes 25, 27, 29, not "26".'],
    [() => parseOneOtp('25,27'), 'run, record and repro start one reference: give one release (conformance takes several).'],
    [() => parseReferences('local:25:x'), '--reference takes auto, container, local, recorded (optionally :OTP), not "local:25:x".'],
    [() => parseOneReference('local,container'), 'run, record and repro start one reference: give one (conformance takes several).'],
    [() => parseRepeat('1e3'), '--repeat takes a whole number from 1 to 1000, not "1e3".'],
    [() => parseRepeat('1001'), '--repeat takes a whole number from 1 to 1000, not "1001".'],
    [() => parseSubjectList('erlang:inet,ts:inet,erlang:inet'), 'subject "erlang:inet" is listed twice.'],
  ])('%s is a usage error', (parse, message) => {
    expect(parse).toThrow(InvalidArgumentError);
    expect(parse).toThrow(message);
  });

  test('good values parse', () => {
    expect(parseRepeat('1000')).toBe(1000);
    expect(parseOneReference('local:25')).toEqual({ provider: 'local', otp: '25' });
    expect(parseSubjectList('erlang:socket,ts:socket')).toEqual(['erlang:socket', 'ts:socket']);
  });
});

describe('the one default of subjects', () => {
  test('is the library on both backends', () => {
    expect(subjectsFromEnv({})).toEqual(['ts:inet', 'ts:socket']);
    expect(subjectsFromEnv({ GENTCP_SUBJECTS: '' })).toEqual([...DEFAULT_SUBJECTS]);
  });

  test('GENTCP_SUBJECTS overrides it, and a bad one says so', () => {
    expect(subjectsFromEnv({ GENTCP_SUBJECTS: 'erlang:inet,erlang:socket,ts:inet,ts:socket' })).toHaveLength(4);
    expect(() => subjectsFromEnv({ GENTCP_SUBJECTS: 'erlang:inet,ts' })).toThrow('GENTCP_SUBJECTS: unknown subject "ts"');
  });
});

describe('--scenarios and --divergences paths', () => {
  test('repeatable and comma-separated, in order', () => {
    expect(collectPaths('c', collectPaths('a,b', undefined))).toEqual(['a', 'b', 'c']);
  });
  test('an empty item is a usage error', () => {
    expect(() => collectPaths('a,,b', undefined)).toThrow(InvalidArgumentError);
  });
});
