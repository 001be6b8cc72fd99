import type { Command } from 'commander';

/** A core command: its name, and how to load the module that registers it. */
export interface CoreCommand {
  readonly name: string;
  readonly load: () => (program: Command) => void;
}

// A runtime require on purpose: each command's module loads only when that command runs. Loading
// every command (about 200 modules: zod, every model, the resolver) costs a few hundred
// milliseconds that `attribution paths` on a million journeys should not pay.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <Module>(path: string): Module => require(path) as Module;

/** The core's own commands; each file registers one. Add new commands here. */
export const CORE_COMMANDS: readonly CoreCommand[] = [
  { name: 'credit', load: () => load<typeof import('./credit')>('./credit').registerCreditCommand },
  { name: 'compare', load: () => load<typeof import('./compare')>('./compare').registerCompareCommand },
  { name: 'models', load: () => load<typeof import('./models')>('./models').registerModelsCommand },
  { name: 'paths', load: () => load<typeof import('./paths')>('./paths').registerPathsCommand },
  { name: 'resolve', load: () => load<typeof import('./resolve')>('./resolve').registerResolveCommand },
  { name: 'simulate', load: () => load<typeof import('./simulate')>('./simulate').registerSimulateCommand },
  { name: 'score', load: () => load<typeof import('./score')>('./score').registerScoreCommand },
  { name: 'utm', load: () => load<typeof import('./utm')>('./utm').registerUtmCommand },
];
