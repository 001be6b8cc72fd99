import { Random } from '../../simulate/random';
import { codeLagChoices, type CodeTouch } from '../codeLagChoice';

const DAY = 86_400_000;
const at = (day: number): number => Date.UTC(2025, 0, 1) + day * DAY;

describe('codeLagChoices', () => {
  // A creator with a spring campaign (clicks on days 10-12) and a summer one (clicks on days 40-42),
  // one code for both, typed an exponential 12 days (mean) after the post. Other campaigns' own
  // codes teach the lag law too.
  const random = new Random(3);
  const clicks = (day: number, count: number): number[] => Array.from({ length: count }, (_value, index) => at(day + index * 0.1));
  const anchorTimes = [clicks(10, 20), clicks(40, 20), clicks(100, 30)];
  const ownCodeTimes = [[], [], Array.from({ length: 30 }, () => at(100 + random.exponential(12)))];
  const shared: CodeTouch[] = [
    ...Array.from({ length: 20 }, (_value, index) => ({ index, occurredAt: at(10 + random.exponential(12)), candidates: [0, 1] })),
    ...Array.from({ length: 20 }, (_value, index) => ({ index: 20 + index, occurredAt: at(40 + random.exponential(12)), candidates: [0, 1] })),
    // Typed on day 45: after both, but 35 days after spring's clicks and 5 after summer's.
    { index: 100, occurredAt: at(45.5), candidates: [0, 1] },
    // Typed on day 30, before summer's first click: spring's, though summer's dates may already run.
    { index: 101, occurredAt: at(30.5), candidates: [0, 1] },
  ];
  const choices = codeLagChoices(shared, anchorTimes, ownCodeTimes);

  it('gives a code to the campaign whose posts it most likely followed', () => {
    expect(choices.get(100)).toMatchObject({ index: 1 });
    expect(choices.get(101)).toMatchObject({ index: 0, probability: 1 });
    expect(choices.get(100)!.probability).toBeGreaterThan(0.5);
    expect(choices.get(100)!.probability).toBeLessThan(1);
  });

  it('leaves to the dates the codes of a creator with a campaign that nothing traces', () => {
    const untraced = codeLagChoices([{ index: 7, occurredAt: at(50), candidates: [0, 3] }], [...anchorTimes, []], [...ownCodeTimes, []]);
    expect(untraced.has(7)).toBe(false);
    expect(codeLagChoices([], anchorTimes, ownCodeTimes).size).toBe(0);
  });
});
