import { MAX_KEY_LENGTH, sanitizeKey } from '../../../plugins/tracker/keys';
import { fromWireMetric, toKeyValues, toWireMetric } from '../../../plugins/tracker/mlflow/client';
import { decodeNumber, encodeNumber } from '../../../plugins/tracker/values';

describe('sanitizeKey keeps MLflow-safe keys and repairs the others', () => {
  it.each([
    { why: 'docs/design.md metric keys pass unchanged', key: 'rewards/accuracy/mean', expect: 'rewards/accuracy/mean' },
    { why: 'all allowed characters', key: 'a-b_c.d/e f:g', expect: 'a-b_c.d/e f:g' },
    { why: 'flattened array index', key: 'rewards[0].name', expect: 'rewards_0_.name' },
    { why: 'non-ASCII becomes _', key: 'loss·β', expect: 'loss__' },
    { why: 'leading slash would be rejected', key: '/train/loss', expect: 'train/loss' },
    { why: 'double and trailing slashes', key: 'train//loss/', expect: 'train/loss' },
    { why: 'dot segments', key: 'a/./b/../c', expect: 'a/b/__/c' },
    { why: 'empty key', key: '', expect: '_' },
    { why: 'only a dot', key: '.', expect: '_' },
    { why: 'at sign and hash', key: 'lr@peak#1', expect: 'lr_peak_1' },
  ])('$why: $key', ({ key, expect: want }) => {
    expect(sanitizeKey(key)).toBe(want);
    expect(sanitizeKey(want)).toBe(want); // idempotent
  });

  it('cuts keys to 250 characters', () => {
    expect(sanitizeKey('k'.repeat(400))).toHaveLength(MAX_KEY_LENGTH);
    expect(sanitizeKey(`${'k'.repeat(249)}/x`)).toBe('k'.repeat(249));
  });
});

describe('NaN and infinities survive JSON', () => {
  it.each([
    { value: NaN, wire: 'NaN' },
    { value: Infinity, wire: 'Infinity' },
    { value: -Infinity, wire: '-Infinity' },
    { value: 1.5, wire: 1.5 },
    { value: 0, wire: 0 },
    { value: -1e-300, wire: -1e-300 },
  ])('$value <-> $wire', ({ value, wire }) => {
    expect(encodeNumber(value)).toBe(wire);
    expect(decodeNumber(JSON.parse(JSON.stringify(encodeNumber(value))))).toBe(value);
  });

  it('decodes junk to NaN, numeric strings to numbers', () => {
    expect(decodeNumber(null)).toBeNaN();
    expect(decodeNumber('')).toBeNaN();
    expect(decodeNumber('abc')).toBeNaN();
    expect(decodeNumber('2.5')).toBe(2.5);
  });

  it('wire metrics: sanitised key, encoded value, integer step and timestamp', () => {
    expect(toWireMetric({ key: 'a@b', value: NaN, step: 3, timestamp: 10.4 })).toEqual({ key: 'a_b', value: 'NaN', step: 3, timestamp: 10 });
  });

  it('the SQL store clamps infinities to ±MAX_VALUE; they read back as ±Infinity', () => {
    expect(fromWireMetric({ key: 'a', value: 1.7976931348623157e308, step: 1, timestamp: 2 }).value).toBe(Infinity);
    expect(fromWireMetric({ key: 'a', value: -Number.MAX_VALUE, step: 1, timestamp: 2 }).value).toBe(-Infinity);
    expect(fromWireMetric({ key: 'a', value: 'NaN', step: 1, timestamp: 2 }).value).toBeNaN();
  });

  it('params and tags go as strings', () => {
    expect(toKeyValues({ lr: 0.001, on: true, name: 'x' })).toEqual([
      { key: 'lr', value: '0.001' },
      { key: 'on', value: 'true' },
      { key: 'name', value: 'x' },
    ]);
  });
});
