import type { Check } from './iam-rules';
import { attribute, gained, objects, type RawChange, type Side, strings } from './plan-values';
import { allowsAnyone } from './policy-document';

/** Addresses meaning "the whole internet". */
const theWorld = ['0.0.0.0/0', '::/0'];

/** Ports the world may reach without a flag. */
const webPorts = [80, 443];

function portNumber(value: unknown): number | undefined {
  const port = typeof value === 'string' ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) ? port : undefined;
}

/** A port range in words when it reaches more than ports 80 and 443; undefined when it does not, or is unknown. */
function beyondWebPorts(protocol: unknown, from: unknown, to: unknown): string | undefined {
  if (protocol === '-1' || protocol === -1 || protocol === 'all') return 'all ports';
  const low = portNumber(from);
  const high = portNumber(to);
  if (low === undefined || high === undefined) return undefined;
  if (low === 0 && (high === 0 || high === 65535)) return 'all ports';
  if (low === high) return webPorts.includes(low) ? undefined : `port ${low}`;
  return `ports ${low}-${high}`;
}

function openings(ranges: readonly string[], ports: string | undefined): string[] {
  if (ports === undefined) return [];
  return ranges.filter((range) => theWorld.includes(range)).map((range) => `${ports} from ${range}`);
}

/** One ingress rule of a security group (inline block, or the fields of a rule resource). */
function securityGroupRule(rule: Record<string, unknown>): string[] {
  const ports = beyondWebPorts(rule.protocol ?? rule.ip_protocol, rule.from_port, rule.to_port);
  const ranges = [
    ...strings(rule.cidr_blocks),
    ...strings(rule.ipv6_cidr_blocks),
    ...strings(rule.cidr_ipv4),
    ...strings(rule.cidr_ipv6),
  ];
  return openings(ranges, ports);
}

function fields(change: RawChange, side: Side, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, attribute(change, side, name)]));
}

const ruleFields = [
  'protocol',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'cidr_ipv4',
  'cidr_ipv6',
];

function exposureCheck(findings: (change: RawChange, side: Side) => string[]): Check {
  return (change) =>
    gained(change, (side) => findings(change, side)).map((finding) => `${change.address} opens ${finding}`);
}

const securityGroup = exposureCheck((change, side) =>
  objects(attribute(change, side, 'ingress')).flatMap(securityGroupRule),
);

const securityGroupRuleResource = exposureCheck((change, side) =>
  attribute(change, side, 'type') === 'ingress' ? securityGroupRule(fields(change, side, ruleFields)) : [],
);

const ingressRuleResource = exposureCheck((change, side) => securityGroupRule(fields(change, side, ruleFields)));

function aclEntry(entry: Record<string, unknown>): string[] {
  const action = entry.action ?? entry.rule_action;
  if (action !== 'allow') return [];
  const ports = beyondWebPorts(entry.protocol, entry.from_port, entry.to_port);
  return openings([...strings(entry.cidr_block), ...strings(entry.ipv6_cidr_block)], ports);
}

const networkAcl = exposureCheck((change, side) => objects(attribute(change, side, 'ingress')).flatMap(aclEntry));

const networkAclRule = exposureCheck((change, side) =>
  attribute(change, side, 'egress') === true
    ? []
    : aclEntry(
        fields(change, side, ['rule_action', 'protocol', 'from_port', 'to_port', 'cidr_block', 'ipv6_cidr_block']),
      ),
);

function firewallPorts(allow: Record<string, unknown>): string | undefined {
  const ports = strings(allow.ports);
  if (allow.protocol === 'all' || ports.length === 0) return 'all ports';
  const wider = ports.filter((port) => !webPorts.map(String).includes(port));
  return wider.length > 0
    ? `${wider.length === 1 && !wider[0]?.includes('-') ? 'port' : 'ports'} ${wider.join(', ')}`
    : undefined;
}

const googleFirewall = exposureCheck((change, side) => {
  const direction = attribute(change, side, 'direction');
  if (direction !== undefined && direction !== null && direction !== 'INGRESS') return [];
  const ranges = strings(attribute(change, side, 'source_ranges'));
  return objects(attribute(change, side, 'allow')).flatMap((allow) => openings(ranges, firewallPorts(allow)));
});

const blockSettings = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** A public access block turning a setting off (a new block with a setting off counts too). */
const publicAccessBlock: Check = (change) =>
  gained(change, (side) => blockSettings.filter((name) => attribute(change, side, name) === false)).map(
    (name) => `${change.address} turns ${name} off`,
  );

const publicAcls = ['public-read', 'public-read-write'];

const bucketAcl: Check = (change) =>
  gained(change, (side) => strings(attribute(change, side, 'acl')).filter((acl) => publicAcls.includes(acl))).map(
    (acl) => `${change.address} sets the ${acl} ACL`,
  );

const bucketPolicy: Check = (change) =>
  gained(change, (side) => (allowsAnyone(attribute(change, side, 'policy')) ? ['anyone'] : [])).map(
    () => `${change.address} lets anyone in (Principal "*")`,
  );

function isPublicRepository(change: RawChange, side: Side): boolean {
  const visibility = attribute(change, side, 'visibility');
  return visibility === 'public' || (visibility === undefined && attribute(change, side, 'private') === false);
}

const githubRepository: Check = (change) =>
  gained(change, (side) => (isPublicRepository(change, side) ? ['public'] : [])).map(
    () => `${change.address} becomes public`,
  );

/** The public-exposure checks by resource type. */
export const exposureChecks: Readonly<Record<string, Check>> = {
  aws_security_group: securityGroup,
  aws_security_group_rule: securityGroupRuleResource,
  aws_vpc_security_group_ingress_rule: ingressRuleResource,
  aws_network_acl: networkAcl,
  aws_network_acl_rule: networkAclRule,
  aws_default_network_acl: networkAcl,
  google_compute_firewall: googleFirewall,
  aws_s3_bucket_public_access_block: publicAccessBlock,
  aws_s3_account_public_access_block: publicAccessBlock,
  aws_s3_bucket_acl: bucketAcl,
  aws_s3_bucket: bucketAcl,
  aws_s3_bucket_policy: bucketPolicy,
  github_repository: githubRepository,
};
