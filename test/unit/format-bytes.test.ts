import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBytes, formatBytesBoth, BYTES_PER_GIB } from '../../src/lib/format/bytes';
import { formatUsd } from '../../src/lib/format/money';

describe('formatBytes', () => {
  it('uses powers of 1000 for decimal units', () => {
    expect(formatBytes(13_476_839_424, { system: 'decimal' })).toBe('13.5 GB');
    expect(formatBytes(1_500, { system: 'decimal' })).toBe('1.5 kB');
    expect(formatBytes(2e12, { system: 'decimal' })).toBe('2 TB');
  });

  it('uses powers of 1024 for binary units', () => {
    expect(formatBytes(13_476_839_424, { system: 'binary' })).toBe('12.6 GiB');
    expect(formatBytes(80 * BYTES_PER_GIB, { system: 'binary' })).toBe('80 GiB');
    expect(formatBytes(80 * BYTES_PER_GIB, { system: 'decimal' })).toBe('85.9 GB');
  });

  it('shows small counts as whole bytes', () => {
    expect(formatBytes(0, { system: 'decimal' })).toBe('0 B');
    expect(formatBytes(999, { system: 'decimal' })).toBe('999 B');
    expect(formatBytes(1023, { system: 'binary' })).toBe('1,023 B');
  });

  it('shows values of 100 or more in a unit without decimals', () => {
    expect(formatBytes(140_532_000_000, { system: 'decimal' })).toBe('141 GB');
  });

  it('moves to the next unit when rounding would print 1000 of the smaller one', () => {
    expect(formatBytes(999_600_000, { system: 'decimal' })).toBe('1 GB');
    expect(formatBytes(1024 * 1024 - 1, { system: 'binary' })).toBe('1 MiB');
  });

  it('honours the significant digits asked for', () => {
    expect(formatBytes(13_476_839_424, { system: 'decimal', significantDigits: 4 })).toBe('13.48 GB');
  });

  it('rejects values that would print NaN, Infinity or a negative size', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(() => formatBytes(bad, { system: 'decimal' })).toThrow(/finite, non-negative byte count/);
    }
    expect(() => formatBytes(1, { system: 'decimal', significantDigits: 0 })).toThrow(/significantDigits/);
  });

  it('formats both systems side by side', () => {
    expect(formatBytesBoth(24 * BYTES_PER_GIB)).toBe('25.8 GB (24 GiB)');
  });

  it('always prints a finite number below the unit base for any valid size', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e18, noNaN: true }), fc.constantFrom('decimal', 'binary'), (bytes, system) => {
        const text = formatBytes(bytes, { system: system as 'decimal' | 'binary' });
        const match = /^([\d,.]+) (B|kB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$/.exec(text);
        expect(match).not.toBeNull();
        const shown = Number(match![1]!.replaceAll(',', ''));
        expect(Number.isFinite(shown)).toBe(true);
        if (match![2] !== 'PB' && match![2] !== 'PiB') expect(shown).toBeLessThan(system === 'decimal' ? 1000 : 1024);
      }),
    );
  });
});

describe('dollar amounts', () => {
  it('always show cents under a dollar, and three significant digits for smaller amounts', () => {
    expect(formatUsd(0.1)).toBe('$0.10');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.055)).toBe('$0.055');
    expect(formatUsd(0.0151)).toBe('$0.0151');
    expect(formatUsd(0.00000012345)).toBe('$0.000000123');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(-0.25)).toBe('−$0.25');
    expect(formatUsd(4)).toBe('$4.00');
    expect(formatUsd(12_345.6)).toBe('$12,346');
  });
});
