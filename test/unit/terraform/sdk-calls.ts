import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../../terraform/app';

/** The IAM action of each `@aws-sdk/lib-dynamodb` command (the document client renames the item calls). */
const documentClientActions: Record<string, string> = {
  GetCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
};

/** The IAM prefix of each SDK client package, and the commands whose action is not simply their name. */
const clientServices: Record<string, string> = {
  athena: 'athena',
  cloudfront: 'cloudfront',
  codebuild: 'codebuild',
  dynamodb: 'dynamodb',
  lambda: 'lambda',
  s3: 's3',
  'secrets-manager': 'secretsmanager',
  ssm: 'ssm',
};
const renamedActions: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

/** The IAM action a command of an SDK package needs; throws for a package or command this table lacks. */
export function actionOf(sdkPackage: string, command: string): string {
  if (sdkPackage === '@aws-sdk/lib-dynamodb') {
    const action = documentClientActions[command];
    if (!action) throw new Error(`no IAM action known for ${sdkPackage} ${command}: add it to sdk-calls.ts`);
    return action;
  }
  const service = clientServices[sdkPackage.replace('@aws-sdk/client-', '')];
  if (!service) throw new Error(`no IAM service known for ${sdkPackage}: add it to sdk-calls.ts`);
  const action = `${service}:${command.replace(/Command$/, '')}`;
  return renamedActions[action] ?? action;
}

/** SDK packages and helpers that define commands rather than make calls: their files are not scanned. */
const sdkInternals = /node_modules\/(@aws-sdk|@smithy)\//;

/**
 * The AWS calls a Lambda's code can make: every `new XxxCommand(…)` of an `@aws-sdk` package in the files its
 * entry bundles (infrabot's own modules and libraries such as Powertools), as IAM actions, each with the files
 * that make it. The bundle is esbuild's, as `npm run build` makes it, so code the entry cannot reach is left out.
 */
export async function sdkCallsOf(lambda: string): Promise<Map<string, string[]>> {
  const result = await build({
    entryPoints: [join(repoRoot, 'lambdas', lambda, 'handler.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: join(repoRoot, 'dist', 'calls', `${lambda}.mjs`),
    mainFields: ['module', 'main'],
    external: ['bowser'],
    logLevel: 'silent',
  });
  const calls = new Map<string, string[]>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      if (input.bytesInOutput === 0 || sdkInternals.test(file)) continue;
      for (const action of commandsIn(readFileSync(join(repoRoot, file), 'utf8'))) {
        calls.set(action, [...(calls.get(action) ?? []), file.replace(/^.*node_modules\//, '')]);
      }
    }
  }
  return calls;
}

/** The actions of the SDK commands a source file constructs. */
function commandsIn(source: string): string[] {
  const actions: string[] = [];
  for (const [, names = '', sdkPackage = ''] of source.matchAll(
    /import\s*\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[\w-]+)['"]/g,
  )) {
    for (const specifier of names.split(',')) {
      const [imported = '', local = imported] = specifier
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (!imported.endsWith('Command')) continue;
      if (new RegExp(`\\bnew\\s+${local}\\s*\\(`).test(source)) actions.push(actionOf(sdkPackage, imported));
    }
  }
  return actions;
}
