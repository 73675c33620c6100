import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Why the bundles cannot be deployed with this configuration, or undefined when they can: each real bundle
 * must carry (as `infrabot.yaml`) exactly the file at `configPath`, or the Lambdas would run with another
 * configuration than the one the CodeBuild projects, stack roles and self-service worker were made from.
 */
export function bundledConfigMismatch(bundles: Bundles, configFile: string): string | undefined {
  const expected = existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined;
  for (const bundle of Object.values(bundles)) {
    if (bundle.placeholder) continue;
    const bundled = join(bundle.dir, 'infrabot.yaml');
    const actual = existsSync(bundled) ? readFileSync(bundled, 'utf8') : undefined;
    if (actual === expected) continue;
    const fix = 'run npm run build again (it bundles configPath of the deployment inputs), then npm run synth';
    if (actual === undefined)
      return `the bundle ${bundle.dir} has no infrabot.yaml, but configPath is ${configFile}: ${fix}`;
    if (expected === undefined)
      return `the bundled configuration ${bundled} exists, but configPath ${configFile} does not: ${fix}`;
    return `the bundled configuration ${bundled} differs from configPath ${configFile}: ${fix}`;
  }
  return undefined;
}
