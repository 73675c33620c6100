/** The entry file of an up-to-date bundle of the CLI under `root`, building one when the sources changed. */
export function cliBundle(root: string): Promise<string>;
