import { describe, expect, it } from 'vitest';
import { gpuSchema } from '../../src/lib/catalog/schema';
import { loadGpus } from './support/catalog';

const gpus = loadGpus();
const byId = new Map(gpus.map(({ gpu }) => [gpu.id, gpu]));

/** Wattage a source says it gives: its `for` text opens "board power N W" (N may carry a thousands comma). */
function statedWatts(forText: string): number | undefined {
  const match = /^board power (\d{1,3}(?:,\d{3})*|\d+) W\b/.exec(forText);
  return match ? Number(match[1]!.replace(/,/g, '')) : undefined;
}

describe('GPU board power', () => {
  it('reads a stated wattage from a source note, and nothing from one that states none', () => {
    expect(statedWatts('board power 1000 W: HGX B200 column')).toBe(1000);
    expect(statedWatts('board power 1,000 W, secondary')).toBe(1000);
    expect(statedWatts('HBM3, 3,350 GB/s')).toBeUndefined();
    expect(statedWatts('board power 70 WB')).toBeUndefined();
  });

  it('gives every GPU with a board power a source that states exactly that wattage', () => {
    const withPower = gpus.filter(({ gpu }) => gpu.boardPowerWatts !== undefined);
    expect(withPower.length).toBeGreaterThan(0);
    for (const { gpu } of withPower) {
      const stated = gpu.sources.map((source) => statedWatts(source.for)).filter((watts) => watts !== undefined);
      expect(stated, gpu.id).toContain(gpu.boardPowerWatts);
      // A source stating a different board power for the same file would be a contradiction left in the data.
      for (const watts of stated) expect(watts, gpu.id).toBe(gpu.boardPowerWatts);
    }
  });

  it('marks a figure read only from a secondary source as secondary', () => {
    // Every board-power source is either a vendor document (or a copy of one) or says "secondary"; a GPU whose only
    // board-power sources are secondary must say so in each of them, so a reader can weigh the figure.
    const secondaryOnly = ['a10g', 'l4', 'rtx-3060-12gb', 'rtx-3090', 'rtx-4060-ti-16gb', 'rtx-4090'];
    for (const id of secondaryOnly) {
      const powerSources = byId.get(id)!.sources.filter((source) => statedWatts(source.for) !== undefined);
      expect(powerSources.length, id).toBeGreaterThan(0);
      for (const source of powerSources) expect(source.for, id).toMatch(/secondary/);
    }
  });

  // Hand-checked against the pages named beside each value (read 2026-12-02).
  it.each([
    ['h100-sxm', 700], // NVIDIA H100 page: H100 SXM "Max Thermal Design Power (TDP): Up to 700W (configurable)"
    ['h100-pcie', 350], // NVIDIA H100 PCIe product brief PB-11133-001: maximum TDP 350 W
    ['a100-80gb', 400], // NVIDIA A100 datasheet: A100 80GB SXM "400W***" (PCIe 300W)
    ['h200', 700], // NVIDIA H200 page: H200 SXM "Up to 700W (configurable)"; MLPerf v4.1 hw_notes "H200 TGP 700W"
    ['b200', 1000], // NVIDIA Blackwell datasheet: HGX B200 "Configurable up to 1,000W"
    ['l4', 72], // AI Wiki (secondary): "72 watt power envelope"
    ['t4', 70], // NVIDIA T4 product brief: "70 W maximum power limit"
    ['l40s', 350], // NVIDIA L40/L40S table: "Max Power Consumption 300W | 350W"
    ['mi300x', 750], // AMD MLPerf v4.1 system: "AMD Instinct MI300X-NPS1-SPX-192GB-750W"
    ['rtx-4090', 450], // The FPS Review: "Default TGP 450 W"
    ['rtx-5090', 575], // NVIDIA RTX 5090 page: "Total Graphics Power (W): 575"
    ['apple-m2-ultra-192gb', 295], // Apple support 102027: Mac Studio (2023) M2 Ultra 192GB, max 295 W (whole machine)
  ])('%s is rated %i W', (id, watts) => {
    expect(byId.get(id)?.boardPowerWatts).toBe(watts);
  });

  it('describes the Apple figure as the whole machine, since no GPU-only rating exists', () => {
    for (const { gpu } of gpus.filter(({ gpu }) => gpu.kind === 'apple-unified' && gpu.boardPowerWatts !== undefined)) {
      const powerSources = gpu.sources.filter((source) => statedWatts(source.for) !== undefined);
      expect(powerSources.some((source) => /whole machine/.test(source.for)), gpu.id).toBe(true);
    }
  });

  it('accepts a missing board power and rejects one that is not a positive whole number of watts', () => {
    const { boardPowerWatts: _omitted, ...withoutPower } = byId.get('h100-sxm')!;
    expect(gpuSchema.safeParse(withoutPower).success).toBe(true);
    for (const bad of [0, -700, 700.5, '700']) {
      expect(gpuSchema.safeParse({ ...withoutPower, boardPowerWatts: bad }).success, String(bad)).toBe(false);
    }
  });
});
