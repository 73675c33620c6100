// The CLI as one esbuild bundle of infrabot's own TypeScript, rebuilt whenever a source file it was built from
// changes. Running the sources through tsx's loader costs about a second per start (every module crosses the
// loader thread); the bundle starts in a tenth of that, and needs no build step to remember.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const formatVersion = 3;
/**
 * Superseded builds are removed once this old. A process loads its build's lazy chunks (`serve` loads the bot)
 * within moments of starting, so only a process starting right now could still need an older build.
 */
const keepOldBuildsMs = 10 * 60 * 1000;

/**
 * Gives every bundled source file the `import.meta.url` (and `dirname`, `filename`) of its own file, as running
 * the sources would: code that finds files beside itself (the buildspecs) keeps working from the cache.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(resolve(args.path, '..')))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents: text, loader: 'ts' };
    });
  },
};

/**
 * Packages bundled in rather than loaded from node_modules at run time: every CLI command reads the configuration,
 * and Node's loader takes longer over these packages' many small modules (zod's especially) than over the few
 * functions infrabot uses from them. yaml's Node entry is CommonJS; its ES module build is the same code.
 */
const inlinedPackages = {
  name: 'inlined-packages',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({
      path: join(build.initialOptions.absWorkingDir, 'node_modules/yaml/browser/index.js'),
    }));
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      /^(zod|yaml)(\/|$)/.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/** @param {string} path */
function signature(path) {
  try {
    const stats = statSync(path);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

/**
 * The build recorded in `current.json`, when every file it was built from is unchanged.
 * @param {string} root the repository root
 * @param {string} cacheDir
 * @returns {string | undefined} the bundle's entry file
 */
function currentBundle(root, cacheDir) {
  let record;
  try {
    record = JSON.parse(readFileSync(join(cacheDir, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (record?.formatVersion !== formatVersion || typeof record.dir !== 'string') return undefined;
  for (const [input, seen] of Object.entries(record.inputs ?? {})) {
    if (signature(join(root, input)) !== seen) return undefined;
  }
  const entry = join(cacheDir, record.dir, 'main.js');
  return signature(entry) === 'missing' ? undefined : entry;
}

/** Removes builds other than `keep` that are old enough that no running process still needs them. */
function removeOldBuilds(cacheDir, keep) {
  for (const name of readdirSync(cacheDir)) {
    if (name === keep || !name.startsWith('build-')) continue;
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > keepOldBuildsMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another start removed it first.
    }
  }
}

/**
 * Bundles `entry` into a new build directory and records it as current. Concurrent starts may each build; the
 * last rename wins and every build is complete, so no start ever sees half a bundle.
 * @param {string} root the repository root
 * @param {string} cacheDir
 * @param {string} entry the CLI's entry file, relative to `root`
 * @returns {Promise<string>} the bundle's entry file
 */
async function buildBundle(root, cacheDir, entry) {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const dir = `build-${Date.now().toString(36)}-${process.pid}`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir: join(cacheDir, dir),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'error',
    plugins: [inlinedPackages, sourceLocations],
  });
  // The bundler's own settings are an input too.
  const inputs = { [relative(root, fileURLToPath(import.meta.url))]: signature(fileURLToPath(import.meta.url)) };
  for (const input of Object.keys(result.metafile.inputs)) {
    // A bundled package changes only by being reinstalled, which rewrites its package.json: one file to check.
    const path = relative(root, resolve(root, input)).replace(
      /^(node_modules\/(?:@[^/]+\/)?[^/]+)\/.*$/,
      '$1/package.json',
    );
    inputs[path] = signature(join(root, path));
  }
  const record = join(cacheDir, `current.json.${process.pid}`);
  writeFileSync(record, JSON.stringify({ formatVersion, dir, inputs }));
  renameSync(record, join(cacheDir, 'current.json'));
  removeOldBuilds(cacheDir, dir);
  return join(cacheDir, dir, 'main.js');
}

/**
 * The entry file of an up-to-date bundle of the CLI, building one when the sources changed.
 * @param {string} root the repository root
 */
export async function cliBundle(root) {
  const cacheDir = join(root, 'node_modules', '.cache', 'infrabot-cli');
  return currentBundle(root, cacheDir) ?? (await buildBundle(root, cacheDir, 'cli/main.ts'));
}
