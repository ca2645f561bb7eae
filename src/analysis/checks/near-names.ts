/**
 * "Did you mean" for names: the candidates closest to a misspelled name by
 * edit distance (insertions, deletions, substitutions and swaps of two
 * adjacent characters each count 1).
 */

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `name`, when it is close enough to be a typo: at
 * most 2 edits, or a third of the longer name. Ties go to the first in
 * sorted order, so the answer is stable. Undefined when none is close or
 * `name` itself is a candidate.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(name)) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...new Set(candidates)].sort()) {
    const distance = editDistance(name, c);
    if (distance <= Math.max(2, Math.floor(Math.max(name.length, c.length) / 3)) && distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
