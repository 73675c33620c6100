import { describe, expect, it } from 'vitest';
import { type FitPart, fitParts, renderPart } from '../../../../core/render/fit';

function part(cutRank: number, count: number): FitPart {
  return {
    cutRank,
    lines: Array.from({ length: count }, (_, index) => `line ${index}`.padEnd(9, '.')),
    frame: (_kept, left) => ({ head: 'H\n', tail: left > 0 ? `+${left}\n` : '' }),
  };
}

describe('fitParts', () => {
  it('keeps everything when it fits', () => {
    const parts = [part(1, 3), part(2, 3)];

    expect(fitParts(parts, 1_000)).toEqual({ kept: [3, 3], fits: true });
  });

  it('cuts the lowest rank first and the highest rank last', () => {
    const parts = [part(9, 10), part(1, 10)];

    const { kept, fits } = fitParts(parts, 120);

    expect(fits).toBe(true);
    expect(kept[0]).toBe(10);
    expect(kept[1]).toBeLessThan(10);
    const size = parts.reduce((sum, each, index) => sum + renderPart(each, kept[index] ?? 0).length, 0);
    expect(size).toBeLessThanOrEqual(120);
  });

  it('renders what was left out in the frame', () => {
    expect(renderPart(part(1, 3), 1)).toBe('H\nline 0...\n+2\n');
  });

  it('says so when not even the frames fit', () => {
    expect(fitParts([part(1, 5)], 2).fits).toBe(false);
  });

  it('caps a part at its own maximum size', () => {
    const capped: FitPart = { ...part(1, 100), maxSize: 50 };

    const { kept } = fitParts([capped], 10_000);

    expect(renderPart(capped, kept[0] ?? 0).length).toBeLessThanOrEqual(50);
  });
});
