/** Architecture rules checked by `npm test`: the core stays pure and nothing imports the deployment app. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ is the domain: it imports no adapter, entry point or deployment code.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(adapters|bot|lambdas|cli|terraform)/' },
    },
    {
      name: 'core-imports-no-sdk',
      comment: 'core/ imports no AWS, Slack or GitHub SDK, no database driver and no I/O module.',
      severity: 'error',
      from: { path: '^core/' },
      to: {
        path: '(^|/)node_modules/(@aws-sdk|@aws-lambda-powertools|@slack|@octokit|octokit|better-sqlite3|jose|cdktf|@cdktf|constructs|esbuild)(/|$)',
      },
    },
    {
      name: 'core-does-no-io',
      comment: 'core/ reads no files, spawns nothing and opens no sockets: adapters do.',
      severity: 'error',
      from: { path: '^core/' },
      to: {
        path: '^(node:)?(fs|fs/promises|child_process|net|http|https|dgram|worker_threads)$',
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'nothing-imports-terraform',
      comment: 'terraform/ is the cdktf app that deploys infrabot; the product never imports it.',
      severity: 'error',
      from: { pathNot: '^(terraform|test)/' },
      to: { path: '^terraform/' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment:
        'cli/ is an entry point: the bot and the Lambdas share code through core/ and adapters/, not through it.',
      severity: 'error',
      from: { path: '^(core|adapters|bot|lambdas)/' },
      to: { path: '^cli/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^(core|adapters|bot|lambdas|cli|terraform|test)/',
    exclude: { path: '^terraform/cdktf.out/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
