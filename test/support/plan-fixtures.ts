import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of hand-written and real plan fixtures. */
export const plansDir = fileURLToPath(new URL('../fixtures/plans/', import.meta.url));

/** Reads a fixture from test/fixtures/plans as text. */
export function planFixture(name: string): string {
  return readFileSync(`${plansDir}${name}`, 'utf8');
}

/** Strings planted as sensitive values in the fixtures; none may ever appear in a summary or a rendering. */
export const plantedSecrets = ['SECRET-', 's3cr3t-value', 'hunter2', 'hunter3', 'SYNTHETIC-SECRET'];
