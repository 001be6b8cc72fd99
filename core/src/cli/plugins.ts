import type { Command } from 'commander';

/**
 * Commands that live with their platform (the sandbox, HubSpot, Salesforce) register through
 * `<package>/cli`, which exports `registerCommands(program)`. The core never imports them
 * statically: it stays free of CRM code, and runs even where those packages are not installed.
 */
export const PLUGIN_PACKAGES = ['@pipeline-attribution/sandbox', '@pipeline-attribution/hubspot-app', '@pipeline-attribution/salesforce-package'];

export function registerPluginCommands(program: Command): void {
  for (const packageName of PLUGIN_PACKAGES) {
    let plugin: { registerCommands?: (program: Command) => void };
    try {
      // A runtime require on purpose: plugins are optional and never imported statically (see above).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      plugin = require(`${packageName}/cli`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = (error as Error).message ?? '';
      if ((code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') && message.includes(packageName)) continue;
      throw error;
    }
    plugin.registerCommands?.(program);
  }
}
