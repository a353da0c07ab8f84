// The ONNX Runtime build per browser, by Transformers.js 4.3.1's rule (src/env.js isSafariBelow26, used in
// src/backends/onnx.js): the plain build only for Safari below 26 without WebGPU.
import { describe, expect, it } from 'vitest';
import { runtimeBuildFor } from '../../src/lib/demo/runtime';

const APPLE = 'Apple Computer, Inc.';
const GOOGLE = 'Google Inc.';
const safari = (version: string) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version} Safari/605.1.15`;
const iphone = (version: string) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version} Mobile/15E148 Safari/604.1`;

describe('runtimeBuildFor', () => {
  it.each([
    ['Safari 18 on a Mac, no WebGPU', safari('18.5'), APPLE, false, 'plain'],
    ['Safari 17 on an iPhone, no WebGPU', iphone('17.5'), APPLE, false, 'plain'],
    ['Safari 25, no WebGPU', safari('25.0'), APPLE, false, 'plain'],
    ['Safari 26', safari('26.0'), APPLE, false, 'asyncify'],
    ['Safari 18 with WebGPU switched on', safari('18.5'), APPLE, true, 'asyncify'],
    ['Safari with no version token', 'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Safari/605.1.15', APPLE, false, 'asyncify'],
    ['Chrome on an iPhone (CriOS, Apple vendor)', `${iphone('17.5')} CriOS/126.0`, APPLE, false, 'asyncify'],
    ['Firefox on an iPhone (FxiOS)', `${iphone('17.5')} FxiOS/127.0`, APPLE, false, 'asyncify'],
    ['Brave', `${safari('18.5')} Brave`, APPLE, false, 'asyncify'],
    ['Chrome on a Mac', 'Mozilla/5.0 (Macintosh) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', GOOGLE, false, 'asyncify'],
    ['an Android browser claiming an Apple vendor', `${safari('18.5')} Android`, APPLE, false, 'asyncify'],
    ['a Safari-like user agent from a browser that is not Apple\'s', safari('18.5'), '', false, 'asyncify'],
    ['Firefox (empty vendor)', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', '', false, 'asyncify'],
  ] as const)('%s → %s', (_name, userAgent, vendor, webgpu, build) => {
    expect(runtimeBuildFor(userAgent, vendor, webgpu)).toBe(build);
  });
});
