import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A valid infrabot.yaml with two AWS stacks and a google stack (and `extra` top-level YAML, such as a `cdn`
 * section), written to a temporary directory.
 */
export async function writeTestConfig(extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'infrabot-config-'));
  const path = join(dir, 'infrabot.yaml');
  await writeFile(
    path,
    `repository: example-org/infra
admins: [UADMIN]
stacks:
  - name: aws/prod/network
    dir: stacks/aws/prod/network
    provider: aws
    roles:
      plan: arn:aws:iam::123456789012:role/infrabot-plan-network
      apply: arn:aws:iam::123456789012:role/infrabot-apply-network
    appliers: [UAPPLIER]
  - name: aws/prod/dns
    dir: stacks/aws/prod/dns
    provider: aws
    roles:
      plan: arn:aws:iam::123456789012:role/infrabot-plan-dns
      apply: arn:aws:iam::123456789012:role/infrabot-apply-dns
  - name: google/prod/project
    dir: stacks/google/prod/project
    provider: google
    roles:
      plan: arn:aws:iam::123456789012:role/infrabot-plan-gcp
      apply: arn:aws:iam::123456789012:role/infrabot-apply-gcp
    settings:
      google:
        workloadIdentityProvider: projects/123456/locations/global/workloadIdentityPools/infrabot/providers/aws
${extra}`,
  );
  return path;
}
