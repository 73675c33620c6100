/**
 * `npm run synth`: writes infrabot's deployment as plain Terraform JSON to terraform/cdktf.out/ (no network,
 * no terraform binary). Deploy with `terraform init && terraform apply` in terraform/cdktf.out/stacks/infrabot.
 */
import { join } from 'node:path';
import { loadInputsFile, repoRoot, synthesizeInfrabot } from './app';

const loaded = loadInputsFile(process.env.INFRABOT_DEPLOY_INPUTS);
if (!loaded.ok) {
  console.error(loaded.error);
  process.exit(1);
}
try {
  const outdir = process.env.CDKTF_OUTDIR ?? join(repoRoot, 'terraform', 'cdktf.out');
  const { stackFile, warnings } = synthesizeInfrabot(loaded.inputs, outdir);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  console.log(`wrote ${stackFile}`);
} catch (error) {
  console.error(`synthesizing the deployment: ${(error as Error).message}`);
  process.exit(1);
}
