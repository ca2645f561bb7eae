import { compare, CONFORMANCE_DIR, decide, EXCEPTIONS, loadCases } from './harness';

const cases = loadCases();
if (!cases) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the Gateway API conformance corpus: ${CONFORMANCE_DIR} is not present (it exists on dev machines and in CI only)`);
}
const corpus = cases ? describe : describe.skip;

// Every case runs through the simulator as Istio 1.30 (the default) and 1.31. A case agrees with the Go suite,
// or it is a documented exception where Istio itself is not conformant: then the simulator gives Istio's answer
// and its notes say what the specification asks for.
for (const version of ['1.30', '1.31']) {
  corpus(`Gateway API v1.6.1 conformance corpus, Istio ${version}`, () => {
    test('the corpus has its 334 cases', () => {
      expect(cases).toHaveLength(334);
    });

    test.each((cases ?? []).map((c) => [c.id, c] as const))('%s', (_id, c) => {
      const d = decide(c, version);
      const exception = EXCEPTIONS[c.id];
      if (exception?.versions.includes(version)) {
        expect({ id: c.id, status: d.status, noted: d.notes.some((n) => n.includes(exception.note)) })
          .toEqual({ id: c.id, status: exception.status, noted: true });
      } else {
        expect({ id: c.id, problems: compare(c, d) }).toEqual({ id: c.id, problems: [] });
      }
    });
  });
}

corpus('conformance exceptions', () => {
  test('each exception names its source and is still needed (the case disagrees with the Go suite)', () => {
    for (const [id, e] of Object.entries(EXCEPTIONS)) {
      const c = cases!.find((x) => x.id === id)!;
      expect(e.source).toMatch(/Istio|istio/);
      for (const version of e.versions) expect(compare(c, decide(c, version))).not.toEqual([]);
    }
  });
});
