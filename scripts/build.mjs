#!/usr/bin/env node
// Bundles each Lambda (lambdas/<name>/handler.ts) into dist/lambdas/<name>/index.mjs, which exports `handler`,
// copies the deployment's configuration (configPath of terraform/inputs.json, as synth reads it) beside each
// handler as infrabot.yaml (the default INFRABOT_CONFIG of the Lambdas), and prints the bundle sizes (also
// written to dist/lambdas/sizes.json for the benchmark). `--why` lists the bytes each package adds.
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
/** dist/lambdas, or the directory after `--out` (the bundle tests build into a temporary one). */
const outRoot = outFlag === -1 ? join(root, 'dist', 'lambdas') : resolve(process.argv[outFlag + 1] ?? '');

// CommonJS dependencies inside an ESM bundle still call require() for Node's own modules.
const banner = [
  "import { createRequire as __infrabotCreateRequire } from 'node:module';",
  'const require = __infrabotCreateRequire(import.meta.url);',
].join('\n');

/**
 * zod re-exports every locale's error messages (about 250 KiB) through `z.locales`; infrabot uses only the
 * English ones, which zod loads on its own. This resolves zod's locale index to English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'/'}zod${'/'}`)
        ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** yaml's Node entry is CommonJS (kept whole); its ES module build is the same code and lets esbuild drop the unused parts. */
const yamlAsEsm = {
  name: 'yaml-as-esm',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^yaml$/ }, () => ({ path: join(root, 'node_modules/yaml/browser/index.js') }));
  },
};

/**
 * Lambda always hands a function its role's credentials in environment variables, so the bundles take them
 * from there alone instead of carrying the SDK's whole default chain (profiles, SSO, STS web identity:
 * about 80 KiB of chunks that never run in Lambda).
 */
const lambdaCredentials = {
  name: 'lambda-credentials',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'lambda-credentials',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lambda-credentials' }, () => ({
      contents: [
        "import { fromEnv } from '@aws-sdk/credential-provider-env';",
        'export const defaultProvider = (init = {}) => fromEnv(init);',
        'export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;',
        'export const credentialsTreatedAsExpired = (credentials) =>',
        '  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;',
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * infrabot calls GitHub through `octokit.request` with typed routes, never the generated `octokit.rest.*`
 * methods (the `GitHubClient` type in adapters/github/octokit.ts enforces it), so the Lambdas leave out the
 * plugin's table of every GitHub endpoint (about 82 KiB) and `octokit.rest` stays empty there.
 */
const noEndpointMethods = {
  name: 'no-endpoint-methods',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@octokit\/plugin-rest-endpoint-methods$/ }, () => ({
      path: 'plugin-rest-endpoint-methods',
      namespace: 'no-endpoint-methods',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'no-endpoint-methods' }, () => ({
      contents: [
        'export function restEndpointMethods() { return { rest: {} }; }',
        'export function legacyRestEndpointMethods() { return { rest: {} }; }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

async function exists(path) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Every folder of lambdas/ with a handler.ts. */
async function lambdaNames() {
  const entries = await readdir(join(root, 'lambdas'), { withFileTypes: true });
  const names = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await exists(join(root, 'lambdas', entry.name, 'handler.ts')))) names.push(entry.name);
  }
  return names.sort();
}

async function bundle(name) {
  const outdir = join(outRoot, name);
  const outfile = join(outdir, 'index.mjs');
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: join(root, 'lambdas', name, 'handler.ts') },
    outdir,
    // Modules loaded with import() (SDK credential providers, the SSM client) become chunks read on first use.
    splitting: true,
    // Chunks sit beside index.mjs, so that import.meta.url finds infrabot.yaml there from any of them.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    plugins: [zodEnglishOnly, yamlAsEsm, lambdaCredentials, noEndpointMethods],
    // Only the SDK's browser user-agent parser imports bowser; it never runs in Node.
    external: ['bowser'],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    mainFields: ['module', 'main'],
    banner: { js: banner },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  if (process.argv.includes('--why')) printPackages(name, result.metafile);
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
  const entry = outputs.find(([path]) => resolve(path) === outfile)?.[0];
  return {
    name,
    outfile,
    bytes,
    loadedBytes: sizeFrom(result.metafile, entry, false),
    firstCallBytes: sizeFrom(result.metafile, entry, true),
  };
}

/**
 * The bytes read from the entry: the chunks it imports statically and, when `ownLazy`, also infrabot's own
 * modules loaded with import() on the first call (not the SDK's rarely used lazy chunks).
 */
function sizeFrom(metafile, entry, ownLazy) {
  const seen = new Set();
  const follows = (imported) =>
    imported.kind === 'import-statement' ||
    (ownLazy &&
      imported.kind === 'dynamic-import' &&
      metafile.outputs[imported.path]?.entryPoint?.startsWith('lambdas/'));
  const visit = (path) => {
    if (!path || seen.has(path) || !metafile.outputs[path]) return;
    seen.add(path);
    for (const imported of metafile.outputs[path].imports) if (follows(imported)) visit(imported.path);
  };
  visit(entry);
  return [...seen].reduce((sum, path) => sum + metafile.outputs[path].bytes, 0);
}

/** `--why`: the bytes each package adds to a bundle, largest first. */
function printPackages(name, metafile) {
  const sizes = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = match ? match[1] : path.split('/').slice(0, 2).join('/');
      sizes.set(key, (sizes.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  const rows = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, process.argv.includes('--all') ? undefined : 30);
  console.log(
    `${name}:\n${rows.map(([key, bytes]) => `  ${(bytes / 1024).toFixed(0).padStart(5)} KiB  ${key}`).join('\n')}`,
  );
}

/**
 * The configuration bundled beside each handler: `configPath` of the deployment inputs (the file named by
 * INFRABOT_DEPLOY_INPUTS, else terraform/inputs.json, else infrabot.yaml), the very file `npm run synth` reads,
 * so the Lambdas and the deployment (the CodeBuild projects, the stack roles, the self-service worker) never
 * disagree about it. INFRABOT_CONFIG, which `infrabot serve` reads, plays no part here.
 */
async function bundledConfig() {
  const named = process.env.INFRABOT_DEPLOY_INPUTS;
  const inputsFile = resolve(root, named || 'terraform/inputs.json');
  let configPath = 'infrabot.yaml';
  if (await exists(inputsFile)) {
    try {
      configPath = JSON.parse(await readFile(inputsFile, 'utf8')).configPath ?? configPath;
    } catch (error) {
      throw new Error(`reading configPath from ${inputsFile}: ${error.message}`);
    }
  } else if (named) {
    throw new Error(`no inputs file at ${inputsFile}: fix INFRABOT_DEPLOY_INPUTS`);
  }
  const path = resolve(root, configPath);
  return (await exists(path)) ? path : undefined;
}

async function main() {
  const config = await bundledConfig();
  const built = [];
  for (const name of await lambdaNames()) {
    const result = await bundle(name);
    if (config) await copyFile(config, join(dirname(result.outfile), 'infrabot.yaml'));
    built.push(result);
  }
  const kib = (bytes) => `${(bytes / 1024).toFixed(0).padStart(6)} KiB`;
  console.log(
    `${'lambda'.padEnd(20)} ${'on disk'.padStart(10)} ${'at import'.padStart(10)} ${'first call'.padStart(10)}  entry`,
  );
  for (const { name, outfile, bytes, loadedBytes, firstCallBytes } of built) {
    console.log(
      `${name.padEnd(20)} ${kib(bytes)} ${kib(loadedBytes)} ${kib(firstCallBytes)}  ${relative(root, outfile)}`,
    );
  }
  const sizes = built.map(({ outfile: _outfile, ...size }) => size);
  await writeFile(join(outRoot, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  console.log(
    config
      ? `bundled ${relative(root, config) || config} as infrabot.yaml beside each handler`
      : 'no infrabot.yaml bundled (no file at configPath of the deployment inputs): set INFRABOT_CONFIG on each Lambda',
  );
}

await mkdir(outRoot, { recursive: true });
await main();
