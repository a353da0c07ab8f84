import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { formatBytes, formatBytesBoth, BYTES_PER_GIB } from '../../src/lib/format/bytes';
import { formatUsd, formatUsdCompact } from '../../src/lib/format/money';
import { formatContextTokens, formatCount, formatInteger, formatRate, groupDigits } from '../../src/lib/format/numbers';

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

  it('honours the significant digits asked for, from 1 to 21', () => {
    expect(formatBytes(13_476_839_424, { system: 'decimal', significantDigits: 4 })).toBe('13.48 GB');
    expect(formatBytes(1_234_560_000, { system: 'decimal', significantDigits: 6 })).toBe('1.23456 GB');
    expect(formatBytes(13_476_839_424, { system: 'decimal', significantDigits: 1 })).toBe('10 GB');
    expect(formatBytes(13_476_839_424, { system: 'decimal', significantDigits: 21 })).toBe('13.476839424 GB');
    expect(() => formatBytes(1, { system: 'decimal', significantDigits: 22 })).toThrow(/significantDigits/);
    expect(() => formatBytes(1, { system: 'decimal', significantDigits: 2.5 })).toThrow(/significantDigits/);
  });

  it('shows whole bytes below a kilobyte, and every unit by its name', () => {
    expect(formatBytes(12.34, { system: 'decimal' })).toBe('12 B');
    expect(formatBytes(1536, { system: 'binary' })).toBe('1.5 KiB');
    expect(formatBytes(1536, { system: 'decimal' })).toBe('1.54 kB');
    expect(formatBytes(3 * 2 ** 20, { system: 'binary' })).toBe('3 MiB');
    expect(formatBytes(3e6, { system: 'decimal' })).toBe('3 MB');
    expect(formatBytes(3 * 2 ** 40, { system: 'binary' })).toBe('3 TiB');
    expect(formatBytes(3 * 2 ** 50, { system: 'binary' })).toBe('3 PiB');
    expect(formatBytes(3e15, { system: 'decimal' })).toBe('3 PB');
    expect(formatBytes(3e18, { system: 'decimal' })).toBe('3,000 PB');
  });

  it('prints a dash, never NaN, Infinity or a negative size, and never throws on a value', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) {
      expect(formatBytes(bad, { system: 'decimal' })).toBe('—');
      expect(formatBytes(bad, { system: 'binary' })).toBe('—');
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
  it.each([
    [0.1, '$0.10'],
    [0.5, '$0.50'],
    [0.055, '$0.055'],
    [0.01, '$0.01'],
    [1e-25, '$0'],
    [-1e-25, '$0'],
    [0.0151, '$0.0151'],
    [0.00000012345, '$0.000000123'],
    [0, '$0'],
    [-0.25, '−$0.25'],
    [0.994, '$0.994'],
    [0.996, '$1.00'],
    [4, '$4.00'],
    [12.345, '$12.35'],
    [999.994, '$999.99'],
    // Rounds to $1,000.00, so it is shown in the thousands band, with its separator.
    [999.996, '$1,000'],
    [1000, '$1,000'],
    [12_345.6, '$12,346'],
    [-1500, '−$1,500'],
    [-1_234_567.4, '−$1,234,567'],
  ])('formatUsd(%s) is %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });

  it.each([
    [0, '$0'],
    [950, '$950'],
    [12_000, '$12K'],
    [1_500_000, '$1.5M'],
    [-1500, '−$1.5K'],
    [-0.5, '−$0.5'],
    // Three significant digits throughout; 999,999 rounds to 1,000K, shown as 1M.
    [999, '$999'],
    [1000, '$1K'],
    [1234, '$1.23K'],
    [999_999, '$1M'],
    [0.012345, '$0.0123'],
    [2.5e12, '$2.5T'],
  ])('formatUsdCompact(%s) is %s', (amount, text) => {
    expect(formatUsdCompact(amount)).toBe(text);
  });

  it('prints a dash for amounts it cannot show, never NaN or Infinity, and never throws', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatUsd(bad)).toBe('—');
      expect(formatUsdCompact(bad)).toBe('—');
    }
  });

  it.each([
    // 1e15 is the first amount written as a power of ten; 9.333...e39 is what ?requests=1e-300 once printed in 406 characters.
    [999_999_999_999_999, '$999,999,999,999,999', '$1,000T'],
    [1e15, '$1 × 10¹⁵', '$1 × 10¹⁵'],
    [9.3333e39, '$9.33 × 10³⁹', '$9.33 × 10³⁹'],
    [-2.5e20, '−$2.5 × 10²⁰', '−$2.5 × 10²⁰'],
    [Number.MAX_VALUE, '$1.8 × 10³⁰⁸', '$1.8 × 10³⁰⁸'],
  ])('writes %s as %s (compact %s): never a row of dozens of digits', (amount, text, compact) => {
    expect(formatUsd(amount)).toBe(text);
    expect(formatUsdCompact(amount)).toBe(compact);
  });

  it('prints every finite amount as sign, dollar sign, digits: never an exponent, never a bare 1000.00', () => {
    fc.assert(
      fc.property(fc.double({ min: -(1e15 - 1), max: 1e15 - 1, noNaN: true }), (amount) => {
        const text = formatUsd(amount);
        expect(text).toMatch(/^−?\$(\d{1,3}(,\d{3})*|\d{1,3}\.\d{2}|0(\.\d+)?)$/);
        expect(text.startsWith('−')).toBe(amount < 0 && text !== '$0');
        // What is shown is the amount to within half a cent, or 0.5% below a cent.
        const shown = Number(text.replace('−', '-').replace('$', '').replaceAll(',', ''));
        expect(Math.abs(shown - amount)).toBeLessThanOrEqual(Math.max(0.5, Math.abs(amount) * 0.005));
      }),
    );
  });
});

describe('counts', () => {
  it.each([
    [6_738_415_616, '6.74B'],
    [134_515_008, '135M'],
    [46_702_792_704, '46.7B'],
    [999, '999'],
    [1000, '1K'],
    [999_499, '999K'],
    // Rounds to 1,000K, so it is shown as 1M.
    [999_500, '1M'],
    [999_999_999, '1B'],
    [1.5e12, '1.5T'],
    [999e12, '999T'],
    [0, '0'],
  ])('formatCount(%s) is %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it('honours the significant digits asked for, moving up a unit when rounding reaches 1,000', () => {
    expect(formatCount(6_738_415_616, 2)).toBe('6.7B');
    expect(formatCount(995_000, 2)).toBe('1M');
    expect(formatCount(12_345, 5)).toBe('12.345K');
    expect(formatCount(1_234_567, 7)).toBe('1.234567M');
  });

  it('never shows 1,000 or more of a unit below T, and reads back within rounding', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e15 - 1, noNaN: true }), fc.integer({ min: 1, max: 6 }), (value, digits) => {
        const text = formatCount(value, digits);
        const match = /^([\d,.]+)([KMBT]?)$/.exec(text);
        expect(match, text).not.toBeNull();
        const mantissa = Number(match![1]!.replaceAll(',', ''));
        if (match![2] !== 'T') expect(mantissa).toBeLessThan(1000);
        const scale = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[match![2] as '' | 'K' | 'M' | 'B' | 'T'];
        expect(Math.abs(mantissa * scale - value)).toBeLessThanOrEqual(Math.max(0.5, value * 5 * 10 ** -digits));
      }),
    );
  });

  it('prints a dash for counts it cannot show, and powers of ten from 10^15', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(formatCount(bad)).toBe('—');
    expect(formatInteger(Number.NaN)).toBe('—');
    expect(formatInteger(Number.NEGATIVE_INFINITY)).toBe('—');
    expect(formatCount(999_499_999_999_999)).toBe('999T');
    expect(formatCount(1e15)).toBe('1 × 10¹⁵');
    expect(formatCount(1.234e21)).toBe('1.23 × 10²¹');
    expect(formatInteger(999_999_999_999_999)).toBe('999,999,999,999,999');
    expect(formatInteger(1e15)).toBe('1 × 10¹⁵');
    expect(formatInteger(-1.5e16)).toBe('−1.5 × 10¹⁶');
  });

  it.each([
    [6_738_415_616, '6,738,415,616'],
    [999.5, '1,000'],
    [-1234, '-1,234'],
  ])('formatInteger(%s) is %s', (value, text) => {
    expect(formatInteger(value)).toBe(text);
  });

  it.each([
    [4096, '4K'],
    [1024, '1K'],
    [0, '0'],
    [512, '512'],
    [131_072, '128K'],
    [163_840, '160K'],
    [2047, '2,047'],
    [1000, '1,000'],
    [1025, '1,025'],
  ])('formatContextTokens(%s) is %s', (tokens, text) => {
    expect(formatContextTokens(tokens)).toBe(text);
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0.0'],
    [7.44, '7.4'],
    [9.94, '9.9'],
    // 9.96 rounds to 10.0 tenths, so it is shown as a whole number.
    [9.96, '10'],
    [10, '10'],
    [10.4, '10'],
    [177.08, '177'],
    [1250.5, '1,251'],
  ])('formatRate(%s) is %s', (value, text) => {
    expect(formatRate(value)).toBe(text);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -0.1])('prints %s as a dash', (value) => {
    expect(formatRate(value)).toBe('—');
  });
});

describe('grouping digits without Intl', () => {
  it('builds no Intl formatter for the numbers JavaScript prints plainly, and one for the rest', async () => {
    vi.resetModules();
    const constructed = vi.spyOn(Intl, 'NumberFormat');
    try {
      const fresh = await import('../../src/lib/format/numbers');
      for (const value of [0, 7, 1234, -1_234_567.5, 0.001, 10_000_000_000]) fresh.groupDigits(value);
      expect(constructed).not.toHaveBeenCalled();
      expect(fresh.groupDigits(1e21)).toBe('1,000,000,000,000,000,000,000');
      expect(constructed).toHaveBeenCalledTimes(1);
    } finally {
      constructed.mockRestore();
    }
  });

  it('writes what toLocaleString(\'en-US\') writes, for every figure the site shows', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((value) => Number(value.toPrecision(6))).filter((value) => value === 0 || Math.abs(value) >= 1e-6), fc.double({ min: 1e-6, max: 1, noNaN: true }).map((value) => Number(value.toPrecision(6)))), (value) => {
        expect(groupDigits(value)).toBe(value.toLocaleString('en-US', { maximumFractionDigits: 20 }).replace(/^-0$/, '0'));
      }),
    );
  });

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [-1234567.5, '-1,234,567.5'],
    [0.001, '0.001'],
    [10_000_000_000, '10,000,000,000'],
    // JavaScript prints these with an exponent; Intl writes them out.
    [1e-7, '0.0000001'],
    [1e21, '1,000,000,000,000,000,000,000'],
  ])('groupDigits(%s) is %s', (value, text) => {
    expect(groupDigits(value)).toBe(text);
  });
});
