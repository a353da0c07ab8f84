/** What the browser offers for running a model: WebGPU (and whether it has 16-bit shaders) or WebAssembly only. */
import type { DeviceSupport } from '../lib/demo/device';
import type { MemoryHints } from '../lib/demo/preflight';

export type { DeviceSupport };

interface GpuLike {
  requestAdapter(): Promise<{ features: { has(name: string): boolean } } | null>;
}

export async function detectDevice(): Promise<DeviceSupport> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { webgpu: false, shaderF16: false, reason: 'this browser does not offer WebGPU' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { webgpu: false, shaderF16: false, reason: 'WebGPU found no usable graphics adapter' };
    return { webgpu: true, shaderF16: adapter.features.has('shader-f16') };
  } catch (error) {
    return { webgpu: false, shaderF16: false, reason: `WebGPU failed to start (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** What the browser says about the device's memory, for the check before any download (lib/demo/preflight.ts). */
export function readMemoryHints(): MemoryHints {
  const nav = navigator as Navigator & { deviceMemory?: number; userAgentData?: { mobile?: boolean } };
  // userAgentData is Chromium's; elsewhere (Safari on iOS) the user-agent string names the device.
  const mobile = nav.userAgentData?.mobile ?? /\b(iPhone|iPad|Android)\b/.test(nav.userAgent);
  return { deviceMemoryGiB: nav.deviceMemory, mobile };
}
