import { ISTIO_RE2_MAX_PROGRAM_SIZE, re2FullMatch, re2Problem } from '../../src/internal/re2';

describe('re2Problem', () => {
  test.each([
    ['(?i)^abc$'],
    ['(?i:ab)c'],
    ['(?s).*'],
    ['(?P<name>[a-z]+)'],
    ['(?<name>[a-z]+)'],
    ['(?U)a+'],
    ['\\pL+'],
    ['[[:alpha:]]+'],
    ['\\Q.*\\E'],
    ['a{1000}'],
    ['\\z'],
    ['/v[0-9]+/.*'],
  ])('accepts RE2 syntax %s', (pattern) => {
    expect(re2Problem(pattern)).toBeUndefined();
  });

  test.each([
    ['\\k<n>', 'uses a backreference, which RE2 does not support; match the text itself'],
    ['(a)\\1', 'uses a backreference, which RE2 does not support; match the text itself'],
    ['(?P<n>a)(?P=n)', 'uses a backreference, which RE2 does not support; match the text itself'],
    ['a(?=b)', 'uses a lookaround, which RE2 does not support; match the text itself, or split the match into several rules'],
    ['a(?!b)', 'uses a lookaround, which RE2 does not support; match the text itself, or split the match into several rules'],
    ['(?<=a)b', 'uses a lookaround, which RE2 does not support; match the text itself, or split the match into several rules'],
    ['(?<!a)b', 'uses a lookaround, which RE2 does not support; match the text itself, or split the match into several rules'],
    ['a{1001}', 'is not a valid regular expression (RE2: invalid repeat count: `{1001}`); '
      + 'RE2 allows at most 1000 repetitions, nested repetition counts multiplied'],
    ['(a{100}){100}', 'is not a valid regular expression (RE2: invalid repeat count: `{100}`); '
      + 'RE2 allows at most 1000 repetitions, nested repetition counts multiplied'],
    ['abc\\Z', 'is not a valid regular expression (RE2: invalid escape sequence: `\\Z`); use \\z for the end of the text'],
    ['/a(', 'is not a valid regular expression (RE2: missing closing ): `/a(`)'],
    ['x++', 'is not a valid regular expression (RE2: invalid nested repetition operator: `++`); '
      + 'RE2 has no possessive quantifiers; drop the second operator'],
    ['(?x) a', 'is not a valid regular expression (RE2: invalid or unsupported Perl syntax: `(?x`); '
      + 'RE2 supports only the flags i, m, s and U, and no atomic groups or comments'],
    ['(?>a)', 'is not a valid regular expression (RE2: invalid or unsupported Perl syntax: `(?>`); '
      + 'RE2 supports only the flags i, m, s and U, and no atomic groups or comments'],
  ])('fails when the pattern is %s', (pattern, message) => {
    expect(re2Problem(pattern)).toBe(message);
  });

  test('fails when the program is larger than Istio allows', () => {
    const pattern = 'a{1000}'.repeat(40);
    expect(re2Problem(pattern)).toBe(`compiles to an RE2 program of 40002 instructions, more than the ${ISTIO_RE2_MAX_PROGRAM_SIZE} `
      + 'that Istio lets Envoy accept (re2.max_program_size.error_level); use smaller repetition counts or a shorter expression');
  });

  test('fails when the pattern is not a string', () => {
    expect(re2Problem(42 as any)).toBe('is not a string');
  });

  test('gives the same answer from the cache', () => {
    expect(re2Problem('a(?=b)')).toBe(re2Problem('a(?=b)'));
    expect(re2Problem('(?i)x')).toBeUndefined();
    expect(re2Problem('(?i)x')).toBeUndefined();
  });
});

describe('re2FullMatch', () => {
  test('matches the whole value, as Envoy safe_regex does', () => {
    expect(re2FullMatch('/api', '/api')).toBe(true);
    expect(re2FullMatch('/api', '/api/v1')).toBe(false);
    expect(re2FullMatch('api', '/api')).toBe(false);
    expect(re2FullMatch('/v[0-9]+/.*', '/v2/users')).toBe(true);
    expect(re2FullMatch('a|ab', 'ab')).toBe(true);
  });

  test('honours RE2 flags and syntax that JavaScript lacks', () => {
    expect(re2FullMatch('(?i)^abc$', 'AbC')).toBe(true);
    expect(re2FullMatch('(?i:ab)c', 'ABc')).toBe(true);
    expect(re2FullMatch('(?i:ab)c', 'ABC')).toBe(false);
    expect(re2FullMatch('(?P<v>v[0-9])', 'v2')).toBe(true);
    expect(re2FullMatch('.*', 'a\nb')).toBe(false);
    expect(re2FullMatch('(?s).*', 'a\nb')).toBe(true);
  });

  test('matches code points, as RE2 does on UTF-8', () => {
    expect(re2FullMatch('/.', '/\u{1F600}')).toBe(true);
    expect(re2FullMatch('/..', '/\u{1F600}')).toBe(false);
    expect(re2FullMatch('/\\x{1F600}', '/\u{1F600}')).toBe(true);
  });

  test('is undefined for a pattern RE2 rejects', () => {
    expect(re2FullMatch('a(?=b)', 'ab')).toBeUndefined();
    expect(re2FullMatch('(', '(')).toBeUndefined();
  });

  test('answers a 10,000-character path against catastrophic patterns in linear time', () => {
    const path = `/${'a'.repeat(9998)}!`;
    const patterns = ['/(a+)+$', '/(a|a)+$', '/(a|aa)+$', '/(a*)*b', '(.*a){20}', '^(\\w+\\s?)*$', '/([a-z]+)*$'];
    const start = Date.now();
    for (const p of patterns) expect(re2FullMatch(p, path)).toBe(false);
    expect(re2FullMatch('/(a+)+', `/${'a'.repeat(9999)}`)).toBe(true);
    // JavaScript's backtracking RegExp takes seconds on `/(a+)+$` at 28 characters; RE2 is linear
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
