import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument, trustService } from '../policy';

export interface ServiceRoleProps {
  name: string;
  description: string;
  /** The AWS service that assumes the role, such as `lambda.amazonaws.com`. */
  service: string;
  /** Accept the service only when it acts for this account (guards against the confused deputy). */
  sourceAccount?: string;
}

/** An IAM role for one AWS service, with one inline policy per concern added by `allow`. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.name = props.name;
    this.role = new IamRole(this, 'role', {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trustService(props.service, props.sourceAccount),
    });
  }

  get arn(): string {
    return this.role.arn;
  }

  /** Adds the inline policy `<role>-<concern>` with these statements. */
  allow(concern: string, statements: PolicyStatement[]): IamRolePolicy {
    return new IamRolePolicy(this, `policy-${concern}`, {
      name: `${this.name}-${concern}`,
      role: this.role.id,
      policy: policyDocument(statements),
    });
  }
}
