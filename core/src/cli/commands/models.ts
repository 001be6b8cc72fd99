import type { Command } from 'commander';
import { allModels } from '../../models/registry';
import { renderTable } from '../output';

/** `attribution models`: the models this build knows, with one-line definitions. */
export function registerModelsCommand(program: Command): void {
  program
    .command('models')
    .description('list the attribution models')
    .action(() => {
      const rows = allModels().map((model) => [model.name, model.kind, model.summary]);
      process.stdout.write(renderTable(['model', 'kind', 'definition'], rows, new Set()));
    });
}
