import * as fc from 'fast-check';
import { regexSample } from '../../src/diff/regex-sample';
import { re2FullMatch } from '../../src/internal/re2';

describe('regexSample', () => {
  test.each([
    ['/productpage.*', '/productpagex'],
    ['/items/[0-9]+', '/items/0'],
    ['/api/v[12]/(users|orders)/\\d{3}', '/api/v1/users/000'],
    ['^/static/[a-z_-]*\\.css$', '/static/a.css'],
    ['/(?:a|b)?c', '/c'],
    ['/(?i)Shop', '/Shop'],
    ['/[^/]+/edit', '/x/edit'],
    ['/(?P<id>[a-f0-9]{2,})', '/aa'],
    ['v[0-9]+\\.[0-9]+', 'v0.0'],
    ['\\w+\\s\\w+', 'a a'],
  ])('%s -> %s, a full match', (pattern, sample) => {
    expect(regexSample(pattern)).toBe(sample);
    expect(re2FullMatch(pattern, sample)).toBe(true);
  });

  test.each([
    ['/\\pL+'],
    ['/[[:alpha:]]+'],
    ['/(unclosed'],
    ['*'],
    ['/[^\\x00-\\x{10FFFF}]'],
  ])('%s is not sampled', (pattern) => {
    expect(regexSample(pattern)).toBeUndefined();
  });

  test('property: a sample, when given, always fully matches the pattern', () => {
    const atom = fc.constantFrom('a', '/', '\\.', '\\d', '\\w', '[a-z]', '[^/]', '.', '(x|y)', '(?:ab)');
    const quant = fc.constantFrom('', '*', '+', '?', '{2}', '{1,3}');
    const pattern = fc.array(fc.tuple(atom, quant).map(([a, q]) => a + q), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(fc.property(pattern, (p) => {
      const s = regexSample(p);
      expect(s).toBeDefined();
      expect(re2FullMatch(p, s!)).toBe(true);
    }));
  });
});
