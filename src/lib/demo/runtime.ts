/**
 * Which ONNX Runtime WebAssembly build a worker loads. Transformers.js 4.3.1 loads the asyncify build everywhere
 * except Safari below 26 without WebGPU, where it takes the plain build because the asyncify one runs out of memory
 * there (src/backends/onnx.js, with the Safari test in src/env.js). The library makes that test inside the worker,
 * where `navigator.vendor` does not exist, so it never matches there; the page makes it instead and tells the worker.
 */
export type RuntimeBuild = 'asyncify' | 'plain';

/**
 * The same rule as the library's: Safari (vendor "Apple", and none of the other iOS browsers' or Chrome's tokens in
 * the user agent) whose "Version/N" is below 26, when the browser offers no WebGPU. A missing version counts as
 * modern Safari.
 */
export function runtimeBuildFor(userAgent: string, vendor: string, hasWebGpu: boolean): RuntimeBuild {
  if (hasWebGpu || !vendor.includes('Apple')) return 'asyncify';
  if (/CriOS|FxiOS|EdgiOS|OPiOS|mercury|brave/i.test(userAgent) || userAgent.includes('Chrome') || userAgent.includes('Android')) return 'asyncify';
  const version = /Version\/(\d+)/.exec(userAgent);
  return version && Number(version[1]) < 26 ? 'plain' : 'asyncify';
}
