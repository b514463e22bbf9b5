import { describe, expect, it } from 'vitest';
import { MAX_RANGE_POINTS, parseChoice, parseNumber, parseNumberList } from './values.js';

describe('value parsers', () => {
  it('parses single values, lists and inclusive ranges without binary noise', () => {
    expect(parseNumberList('--x', '0.1')).toEqual([0.1]);
    expect(parseNumberList('--m', '2,3,4')).toEqual([2, 3, 4]);
    expect(parseNumberList('--x', '0:0.3:0.1')).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseNumberList('--x', '0:0.333:0.01')).toHaveLength(34);
    expect(parseNumberList('--x', '0:0.333:0.01').at(-1)).toBe(0.33);
  });

  it.each([
    ['abc', /'abc' is not a number/],
    ['1,,2', /'' is not a number/],
    ['0:1', /malformed range/],
    ['0:1:0', /step must be > 0/],
    ['1:0:0.1', /below its start/],
    ['0:1:1e-9', new RegExp(`at most ${MAX_RANGE_POINTS}`)],
    ['', /got nothing/],
    ['1e999', /not a finite number/],
    ['0x10', /not a number/],
  ])('rejects %j naming the flag', (text, re) => {
    expect(() => parseNumberList('--x', text)).toThrow(/^--x: /);
    expect(() => parseNumberList('--x', text)).toThrow(re);
  });

  it('accepts inf only where allowed', () => {
    expect(parseNumber('--energies', 'inf', { allowInfinity: true })).toBe(Infinity);
    expect(() => parseNumber('--ec', 'inf')).toThrow(/^--ec: /);
  });

  it('checks choices', () => {
    expect(parseChoice('--format', 'csv', ['csv', 'json'])).toBe('csv');
    expect(() => parseChoice('--format', 'xml', ['csv', 'json'])).toThrow(/^--format: must be one of csv, json/);
  });
});
