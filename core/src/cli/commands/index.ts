import type { Command } from 'commander';
import { registerCompareCommand } from './compare';
import { registerCreditCommand } from './credit';
import { registerModelsCommand } from './models';
import { registerPathsCommand } from './paths';
import { registerResolveCommand } from './resolve';
import { registerScoreCommand } from './score';
import { registerSimulateCommand } from './simulate';
import { registerUtmCommand } from './utm';

/** The core's own commands; each file registers one. Add new commands here. */
export const CORE_COMMANDS: Array<(program: Command) => void> = [registerCreditCommand, registerCompareCommand, registerModelsCommand, registerPathsCommand, registerResolveCommand, registerSimulateCommand, registerScoreCommand, registerUtmCommand];
