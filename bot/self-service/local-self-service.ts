import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { AthenaLogQueries } from '../../adapters/aws/athena-log-queries';
import { CloudFrontCdn } from '../../adapters/aws/cloudfront-cdn';
import { InProcessSelfServiceDispatcher } from '../../adapters/local/in-process-self-service';
import type { Clock } from '../../core/ports';
import { runSelfServiceTask } from '../../core/usecases/run-self-service-task';
import type { BotDeps } from '../deps';
import type { SelfServiceBotDeps } from './deps';
import { buildSelfServiceWorkerDeps } from './worker-deps';

/**
 * `/cdn` and `/logs` for `infrabot serve`: CloudFront and Athena through the default AWS credential chain
 * (CloudFront is global, in us-east-1; Athena in AWS_REGION), and the worker in this process. Absent when
 * neither `cdn` nor `logs` is configured.
 */
export function localSelfService(deps: BotDeps, clock: Clock): SelfServiceBotDeps | undefined {
  const { config } = deps;
  if (!config.cdn && !config.logs) return undefined;
  const cdn = new CloudFrontCdn(new CloudFrontClient({ region: 'us-east-1' }));
  const worker = buildSelfServiceWorkerDeps({
    config,
    cdn,
    logQueries: new AthenaLogQueries(new AthenaClient({})),
    chat: deps.chat,
    audit: deps.store,
    directory: deps.directory,
    clock,
  });
  const dispatcher = new InProcessSelfServiceDispatcher((task) => runSelfServiceTask(task, worker), deps.logError);
  return { cdn, dispatcher };
}
