import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FieldReader } from '../../src/lib/input/fields';
import { parseNumberText } from '../../src/lib/input/number';
import { quote } from '../../src/lib/input/quote';

describe('numbers as readers type them', () => {
  it.each([
    ['1500', 1500],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['7e9', 7e9],
    ['1.5E-3', 0.0015],
    ['-3', -3],
    ['+4', 4],
    [' 12 ', 12],
    ['1,500', 1500],
    ['-1,500', -1500],
    ['1,500.25', 1500.25],
    ['10,000,000.5', 10_000_000.5],
    ['7_000_000', 7_000_000],
    ['1_0.2_5', 10.25],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['2,50', 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)'],
    ['1,5', 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)'],
    ['12345,678', 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)'],
    ['1,5000', 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)'],
    ['12,345,67', 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)'],
    ['0x10', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['0b1', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['1 000', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['1.2.3', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['1__0', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['e5', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['1e', 'only digits, one decimal point and an exponent such as 7e9 are understood'],
    ['Infinity', 'that is not a number'],
    ['NaN', 'that is not a number'],
    ['', 'that is not a number'],
    ['1e400', 'the number is too large'],
  ])('refuses %j: %s', (text, problem) => {
    expect(parseNumberText(text)).toEqual({ ok: false, problem });
  });

  it('reads back any finite number JavaScript prints, and any whole number with thousands separators', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(parseNumberText(String(value))).toEqual({ ok: true, value: Object.is(value, -0) ? 0 : value });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (value) => {
        expect(parseNumberText(value.toLocaleString('en-US'))).toEqual({ ok: true, value });
      }),
    );
  });
});

describe('field reader', () => {
  type F = 'count' | 'share' | 'kind' | 'flag';
  const label = (field: F) => ({ count: 'Count', share: 'Share (%)', kind: 'Kind', flag: 'Flag' })[field];

  it('names the field by the caller\'s name for it, and the allowed range', () => {
    const read = new FieldReader<F>({ count: '0' }, label);
    expect(read.number('count', { min: 1, max: 4096, integer: true })).toBeUndefined();
    expect(read.errors).toEqual([{ field: 'count', message: 'Count must be a whole number from 1 to 4,096; got "0"' }]);
  });

  it('says what unit a range is in', () => {
    const read = new FieldReader<F>({ share: '101' }, label);
    read.number('share', { min: 0, max: 100, unit: '%' });
    expect(read.errors[0]!.message).toBe('Share (%) must be a number from 0 to 100 %; got "101"');
  });

  it('uses the fallback for an absent field, and for a blank one only where blank means the default', () => {
    expect(new FieldReader<F>({}).number('count', { min: 1, max: 9, fallback: 4 })).toBe(4);
    expect(new FieldReader<F>({ count: '' }).number('count', { min: 1, max: 9, fallback: 4, blankMeansDefault: true })).toBe(4);
    const strict = new FieldReader<F>({ count: '' }, label);
    expect(strict.number('count', { min: 1, max: 9, fallback: 4 })).toBeUndefined();
    expect(strict.errors[0]!.message).toBe('Count is required: a number from 1 to 9');
    const missing = new FieldReader<F>({}, label);
    expect(missing.number('count', { min: 1, max: 9 })).toBeUndefined();
    expect(missing.errors[0]!.message).toBe('Count is required: a number from 1 to 9');
  });

  it('accepts both ends of the range and refuses fractions for whole numbers', () => {
    const read = new FieldReader<F>({ count: '1', share: '9' });
    expect(read.number('count', { min: 1, max: 9, integer: true })).toBe(1);
    expect(read.number('share', { min: 1, max: 9, integer: true })).toBe(9);
    expect(new FieldReader<F>({ count: '2.5' }).number('count', { min: 1, max: 9 })).toBe(2.5);
    expect(new FieldReader<F>({ count: '2.5' }).number('count', { min: 1, max: 9, integer: true })).toBeUndefined();
    expect(new FieldReader<F>({ count: '0.99' }).number('count', { min: 1, max: 9 })).toBeUndefined();
    expect(new FieldReader<F>({ count: '9.01' }).number('count', { min: 1, max: 9 })).toBeUndefined();
  });

  it('refuses values between zero and the smallest meaningful one, and says so', () => {
    const rule = { min: 0, smallestNonZero: 1, max: 1e10 };
    const value = (text: string) => new FieldReader<F>({ count: text }).number('count', rule);
    expect(value('0')).toBe(0);
    expect(value('1')).toBe(1);
    expect(value('1e10')).toBe(1e10);
    for (const slip of ['0.999', '1e-320', '5e-324']) expect(value(slip)).toBeUndefined();
    const read = new FieldReader<F>({ count: '1e-320' }, label);
    read.number('count', rule);
    expect(read.errors[0]!.message).toBe('Count must be 0 or a number from 1 to 10,000,000,000; got "1e-320"');
  });

  it('names fields by their own names when the caller gives no namer', () => {
    const read = new FieldReader<F>({ count: 'x' });
    read.number('count', { min: 1, max: 9 });
    expect(read.errors[0]!.message).toBe('count must be a number from 1 to 9; that is not a number: "x"');
  });

  it('reads choices, falling back without complaint when absent or blank', () => {
    const read = new FieldReader<F>({ kind: ' b ' }, label);
    expect(read.choice('kind', ['a', 'b'], 'a')).toBe('b');
    const blank = new FieldReader<F>({ kind: ' ', flag: '' });
    expect(blank.choice('kind', ['a', 'b'], 'a')).toBe('a');
    expect(blank.boolean('flag', true)).toBe(true);
    expect(new FieldReader<F>({}).choice('kind', ['a', 'b'], 'b')).toBe('b');
    expect(blank.errors).toEqual([]);
    const bad = new FieldReader<F>({ kind: 'c' }, label);
    expect(bad.choice('kind', ['a', 'b'], 'a')).toBe('a');
    expect(bad.errors[0]!.message).toBe('Kind must be one of a, b; got "c"');
  });

  it.each([
    ['1', true], ['true', true], ['YES', true], ['on', true],
    ['0', false], ['false', false], ['No', false], ['off', false],
  ])('reads %j as %s', (text, value) => {
    expect(new FieldReader<F>({ flag: text }).boolean('flag', !value)).toBe(value);
  });

  it('refuses other yes/no text and keeps the fallback', () => {
    const read = new FieldReader<F>({ flag: 'maybe' }, label);
    expect(read.boolean('flag', true)).toBe(true);
    expect(read.errors[0]!.message).toBe('Flag must be true or false; got "maybe"');
    expect(new FieldReader<F>({}).boolean('flag', false)).toBe(false);
  });
});

describe('echoing what was typed', () => {
  it('quotes, escapes control characters and shortens long text', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('a\nb\u001b[31m')).toBe('"a\\nb\\u001b[31m"');
    expect(quote('\u009b2J')).toBe('"\\u009b2J"');
    expect(quote('x'.repeat(61))).toBe(`"${'x'.repeat(60)}…"`);
    expect(quote('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
  });

  it('never lets a control character through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(quote(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
    );
  });
});
