import type { DeployInputs } from '../inputs';
import { allow, type PolicyStatement } from '../policy';

/**
 * What CodeBuild needs to run a build inside a VPC (it creates and deletes an elastic network interface per
 * build). The Create/Delete/Describe network-interface calls and the Describe calls support no resource-level
 * permissions, so AWS offers nothing narrower than `*` for them; the permission to attach the interface is
 * narrowed to the configured subnets and to CodeBuild.
 */
export function vpcNetworkStatements(inputs: DeployInputs, accountId: string): PolicyStatement[] {
  const vpc = inputs.codebuild.vpc;
  if (!vpc) return [];
  return [
    allow(
      'ManageBuildNetworkInterfaces',
      [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeVpcs',
      ],
      // AWS offers nothing narrower: these EC2 actions do not support resource-level permissions.
      ['*'],
    ),
    allow(
      'AttachBuildNetworkInterfaces',
      ['ec2:CreateNetworkInterfacePermission'],
      [`arn:aws:ec2:${inputs.region}:${accountId}:network-interface/*`],
      {
        StringEquals: { 'ec2:AuthorizedService': 'codebuild.amazonaws.com' },
        ArnEquals: {
          'ec2:Subnet': vpc.subnetIds.map((id) => `arn:aws:ec2:${inputs.region}:${accountId}:subnet/${id}`),
        },
      },
    ),
  ];
}
