import fc from 'fast-check';
import { FaultInjector } from '../faultInjector';
import { parseFaultSpec } from '../faultSpec';

describe('parseFaultSpec', () => {
  it('reads the CLI spec into rates', () => {
    expect(parseFaultSpec('429:0.1,500:0.02,drop:0.01,partial:0.01,latency-ms:20')).toEqual({ http429: 0.1, http500: 0.02, drop: 0.01, partial: 0.01, latencyMs: 20 });
    expect(parseFaultSpec('')).toEqual({});
    expect(parseFaultSpec({ expire: 1, dailyLimit: 5 })).toEqual({ expire: 1, dailyLimit: 5 });
  });

  it.each([['teapot:0.1', 'teapot'], ['429:lots', 'not a number'], ['429:1.5', 'http429'], ['429', 'kind:value'], ['daily-limit:0.5', 'dailyLimit']])('rejects %s naming the problem', (spec, named) => {
    expect(() => parseFaultSpec(spec)).toThrow(named);
  });
});

describe('FaultInjector', () => {
  it('repeats the same draws for the same seed and hits each rate in proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const first = new FaultInjector({ partial: 0.3, seed });
        const second = new FaultInjector({ partial: 0.3, seed });
        const draws = Array.from({ length: 50 }, () => first.failRecord());
        expect(Array.from({ length: 50 }, () => second.failRecord())).toEqual(draws);
      }),
      { numRuns: 20 },
    );
    const injector = new FaultInjector({ partial: 0.25, seed: 7 });
    const hits = Array.from({ length: 20_000 }, () => injector.failRecord()).filter(Boolean).length;
    expect(hits / 20_000).toBeGreaterThan(0.23);
    expect(hits / 20_000).toBeLessThan(0.27);
  });

  it('never injects with rate 0 and always with rate 1', () => {
    expect(Array.from({ length: 100 }, () => new FaultInjector({ http500: 0 }).drawRequestFault())).toEqual(Array(100).fill(undefined));
    expect(new FaultInjector('500:1').drawRequestFault()).toEqual({ kind: 'status', status: 500 });
    expect(new FaultInjector('drop:1').drawRequestFault()).toEqual({ kind: 'drop' });
  });
});
