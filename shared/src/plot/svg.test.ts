import { describe, expect, it } from 'vitest';
import { escapeXml, formatTick, niceTicks, renderFigure } from './svg.js';

describe('svg plots', () => {
  it('chooses 1-2-5 ticks inside the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.03, 0.33, 6)).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });

  it('labels ticks in exponent form with the digits they need, so neighbours differ', () => {
    expect([0, 50_000, 100_000, 150_000, 200_000].map(formatTick)).toEqual(['0', '5e4', '1e5', '1.5e5', '2e5']);
    expect([2.5e-4, 1e-4].map(formatTick)).toEqual(['2.5e-4', '1e-4']);
    expect([0.25, 1234.5].map(formatTick)).toEqual(['0.25', '1235']);
  });

  it('renders panels, series, error bars and markers as valid-looking SVG', () => {
    const svg = renderFigure(
      [
        {
          title: 'A & B',
          xLabel: 'x',
          yLabel: 'y',
          series: [
            {
              name: 's<1>',
              color: 'red',
              points: [
                [0, 1],
                [1, 2],
              ],
              yErr: [0.1, 0.2],
              markers: true,
            },
          ],
          vlines: [{ x: 0.5, color: 'gray', label: 'x_c' }],
        },
      ],
      { title: 'fig' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('A &#38; B');
    expect(svg).toContain(escapeXml('s<1>'));
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
  });
});
