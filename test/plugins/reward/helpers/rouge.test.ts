import fc from 'fast-check';
import { porterStem } from '../../../../plugins/shared/scoring/porter';
import { rougeScore, rougeTokenize } from '../../../../plugins/shared/scoring/rouge';
import fixture from '../../../fixtures/rouge/rouge-pairs.json';

/** Oracle: Google rouge_score with use_stemmer=True (test/fixtures/rouge/make_fixture.py). */
describe('rougeScore matches rouge_score on the fixture', () => {
  test('the fixture is big enough', () => {
    expect(fixture.pairs.length).toBeGreaterThanOrEqual(60);
  });

  test.each(fixture.pairs.map((p, i) => [i, p] as const))('pair %i', (_i, pair) => {
    expect(rougeTokenize(pair.reference)).toEqual(pair.reference_tokens);
    expect(rougeTokenize(pair.prediction)).toEqual(pair.prediction_tokens);
    const got = rougeScore(pair.reference, pair.prediction);
    for (const key of ['rouge1', 'rouge2', 'rougeL', 'mean'] as const) {
      expect(Math.abs(got[key] - pair[key])).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('porterStem matches nltk PorterStemmer (NLTK_EXTENSIONS)', () => {
  const stems = Object.entries(fixture.stems as Record<string, string>);
  test('on every fixture word', () => {
    const wrong = stems.filter(([w, s]) => porterStem(w) !== s);
    expect(wrong).toEqual([]);
    expect(stems.length).toBeGreaterThan(300);
  });
});

describe('rougeScore properties', () => {
  const text = fc.array(fc.constantFrom('the', 'cat', 'cats', 'ran', 'running', 'a', 'mat', '7', 'x'), { maxLength: 12 }).map((w) => w.join(' '));
  test('in [0, 1], 1 on identical non-empty text, symmetric in F', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = rougeScore(a, b);
        const t = rougeScore(b, a);
        const inRange = [s.rouge1, s.rouge2, s.rougeL, s.mean].every((v) => v >= 0 && v <= 1);
        const self = rougeTokenize(a).length === 0 || rougeScore(a, a).rouge1 === 1;
        return inRange && self && Math.abs(s.mean - t.mean) < 1e-12;
      }),
    );
  });

  test('never throws on any code points', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => Number.isFinite(rougeScore(a, b).mean)));
  });
});
