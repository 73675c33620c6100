import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Lambdas every deployment has; `npm run build` bundles each into `dist/lambdas/<name>/index.mjs`. */
export const lambdaNames = ['bot', 'dispatcher', 'notifier'] as const;
export type LambdaName = (typeof lambdaNames)[number];

/** The `/cdn` and `/logs` worker, deployed only when infrabot.yaml has a `cdn` or `logs` section. */
export const selfServiceWorkerName = 'selfservice-worker';
/** Every Lambda the deployment may have. */
export type FunctionName = LambdaName | typeof selfServiceWorkerName;

/** The bundles of the deployed Lambdas: the worker's only when it is deployed. */
export type Bundles = Record<LambdaName, Bundle> & { [selfServiceWorkerName]?: Bundle };

export interface Bundle {
  /** Absolute directory zipped into the function's code. */
  dir: string;
  /** True when the bundle was missing and a stand-in that refuses every invocation is used. */
  placeholder: boolean;
}

const placeholderSource = `export const handler = async () => {
  throw new Error('this infrabot function was deployed without its bundle: run npm run build, npm run synth and deploy again');
};
`;

/**
 * The directory holding a Lambda's bundle. When `npm run build` has not run yet, a stand-in handler that fails
 * every invocation with instructions is used instead, so synth (and the tests) work without a build; the
 * caller warns about it.
 */
export function resolveBundle(repoRoot: string, bundlesDir: string, name: FunctionName): Bundle {
  const dir = resolve(repoRoot, bundlesDir, name);
  if (existsSync(join(dir, 'index.mjs'))) return { dir, placeholder: false };
  const standIn = join(tmpdir(), 'infrabot-placeholder-bundles', name);
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'index.mjs'), placeholderSource);
  return { dir: standIn, placeholder: true };
}
