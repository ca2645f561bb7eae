import { re2FullMatch } from '../internal/re2';

/**
 * A string that an RE2 pattern matches as a whole (Envoy's `safe_regex`
 * and Istio's `regex` string matches are full matches), for the request
 * corpus of a routing diff. Handles the common forms: literals, escapes
 * (`\.`, `\d`, `\w`, `\s`, `\/`), `.`, character classes (`[a-z0-9_-]`,
 * negated ones), groups (capturing, `(?:...)`, `(?i)`-style flags are
 * skipped), alternation (the first branch), the quantifiers `*`, `+`, `?`,
 * `{n}`, `{n,}`, `{n,m}` (their minimum, at least one for `*` so that a
 * path keeps its shape) and the anchors `^` and `$`.
 *
 * @returns the sample, checked with RE2, or undefined when the pattern uses
 * a form the generator does not know (the caller notes it was not probed)
 * @internal
 */
export function regexSample(pattern: string): string | undefined {
  let sample: string | undefined;
  try {
    sample = new SampleParser(pattern).parse();
  } catch {
    return undefined;
  }
  if (sample === undefined) return undefined;
  return re2FullMatch(pattern, sample) === true ? sample : undefined;
}

class Unsupported extends Error {}

/** A recursive-descent walk over the pattern that builds one matching string. */
class SampleParser {
  private pos = 0;

  constructor(private readonly p: string) {}

  public parse(): string {
    const s = this.alternation();
    if (this.pos !== this.p.length) throw new Unsupported(`unexpected ${this.p[this.pos]}`);
    return s;
  }

  private alternation(): string {
    const first = this.sequence();
    while (this.p[this.pos] === '|') {
      this.pos++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = '';
    while (this.pos < this.p.length && this.p[this.pos] !== '|' && this.p[this.pos] !== ')') {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  private quantified(atom: string): string {
    const c = this.p[this.pos];
    let min: number;
    if (c === '*' || c === '+') {
      this.pos++;
      min = 1;
    } else if (c === '?') {
      this.pos++;
      min = 0;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.pos));
      if (!m) return atom;
      this.pos += m[0].length;
      min = Number(m[1]);
    } else {
      return atom;
    }
    // a lazy or possessive marker
    if (this.p[this.pos] === '?') this.pos++;
    return atom.repeat(Math.min(min, 64));
  }

  private atom(): string {
    const c = this.p[this.pos++];
    switch (c) {
      case '^':
      case '$':
        return '';
      case '.':
        return 'x';
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unsupported('quantifier without an operand');
      default:
        return c;
    }
  }

  private group(): string {
    if (this.p[this.pos] === '?') {
      // (?:...), (?i) and (?i:...), (?P<name>...)
      const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(this.p.slice(this.pos));
      if (named) {
        this.pos += named[0].length;
      } else {
        const flags = /^\?[imsU-]*(:|\))/.exec(this.p.slice(this.pos));
        if (!flags) throw new Unsupported('group form');
        this.pos += flags[0].length;
        if (flags[1] === ')') return '';
      }
    }
    const s = this.alternation();
    if (this.p[this.pos] !== ')') throw new Unsupported('unclosed group');
    this.pos++;
    return s;
  }

  private escape(inClass: boolean): string {
    const c = this.p[this.pos++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    switch (c) {
      case 'd': return '0';
      case 'w': return 'a';
      case 's': return ' ';
      case 'D': return 'a';
      case 'W': return '-';
      case 'S': return 'a';
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        if (inClass) throw new Unsupported('assertion in a class');
        return '';
      case 'p':
      case 'P':
      case 'x':
      case 'Q':
        throw new Unsupported(`\\${c}`);
      default:
        if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`\\${c}`);
        return c;
    }
  }

  private charClass(): string {
    const negated = this.p[this.pos] === '^';
    if (negated) this.pos++;
    const ranges: Array<[string, string]> = [];
    let first = true;
    while (this.pos < this.p.length && (this.p[this.pos] !== ']' || first)) {
      first = false;
      let c = this.p[this.pos++];
      if (c === '[' && this.p[this.pos] === ':') throw new Unsupported('POSIX class');
      if (c === '\\') c = this.escape(true);
      if (this.p[this.pos] === '-' && this.p[this.pos + 1] !== ']' && this.pos + 1 < this.p.length) {
        this.pos++;
        let end = this.p[this.pos++];
        if (end === '\\') end = this.escape(true);
        ranges.push([c, end >= c ? end : c]);
        continue;
      }
      ranges.push([c, c]);
    }
    if (this.p[this.pos] !== ']') throw new Unsupported('unclosed class');
    this.pos++;
    if (!negated) {
      const r = ranges.find(([lo]) => lo.length === 1);
      if (r === undefined) throw new Unsupported('empty class');
      return r[0];
    }
    // a negated class: the first of a few candidates outside every range (RE2 checks the result)
    const pick = ['x', 'q', 'Z', '7', '_', '~', '@'].find((x) => !ranges.some(([lo, hi]) => x >= lo && x <= hi));
    if (pick === undefined) throw new Unsupported('negated class');
    return pick;
  }
}
