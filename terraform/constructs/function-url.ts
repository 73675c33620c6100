import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import type { InfrabotFunction } from './lambdas';

/**
 * The bot's public HTTPS endpoint for Slack and GitHub. It has no AWS authentication (`NONE`) because neither
 * Slack nor GitHub can sign AWS requests; the bot verifies their own signatures (Slack's signing secret, the
 * GitHub webhook secret) on every request. Since October 2025 a public function URL needs two resource-policy
 * statements: `lambda:InvokeFunctionUrl` for auth type NONE, and `lambda:InvokeFunction` limited to calls made
 * through the function URL (`invoked_via_function_url`, AWS provider 6.29 or later). The statement ids are
 * infrabot's own, so they never collide with the ones the console or the provider may add by themselves.
 */
export class FunctionUrl extends Construct {
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, { bot }: { bot: InfrabotFunction }) {
    super(scope, id);
    this.url = new LambdaFunctionUrl(this, 'url', {
      functionName: bot.function.functionName,
      authorizationType: 'NONE',
    });
    new LambdaPermission(this, 'public-url', {
      statementId: 'InfrabotUrlPublicAccess',
      action: 'lambda:InvokeFunctionUrl',
      functionName: bot.function.functionName,
      principal: '*',
      functionUrlAuthType: 'NONE',
    });
    const invoke = new LambdaPermission(this, 'invoke-via-url', {
      statementId: 'InfrabotUrlInvokeViaUrl',
      action: 'lambda:InvokeFunction',
      functionName: bot.function.functionName,
      principal: '*',
    });
    // Not in the cdktf bindings (generated for provider 6.25): without it this statement would let anyone
    // invoke the bot directly, so the stack requires provider 6.29 or later.
    invoke.addOverride('invoked_via_function_url', true);
  }
}
