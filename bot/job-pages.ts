import type { CustomRoute } from '@slack/bolt';
import { FileArtifacts } from '../adapters/local/file-artifacts';
import { JobLinks, jobLinkKey } from '../adapters/web/job-links';
import { jobPageRoutes } from '../adapters/web/job-page-routes';
import type { Config } from '../core/config/schema';
import type { JobStore } from '../core/ports';
import type { ServeSettings } from './serve-settings';

export interface JobPages {
  routes: CustomRoute[];
  /** The signed page of a job, for the local runner's log links. */
  logUrl: (jobId: string) => string;
}

/**
 * Job pages for builds run on this machine (CodeBuild's logs have a page of their own): `GET /jobs/<id>` with
 * a link signed for that job, valid for `jobs.maxPlanAge`, on `INFRABOT_PUBLIC_URL` or this machine's port.
 */
export function jobPages(input: {
  settings: ServeSettings;
  config: Config;
  jobs: Pick<JobStore, 'getJob'>;
  stateDir: string;
  /** The port the bot listens on, known once it has started. */
  port: () => number;
  /** Pages without signed links: the console, which listens on loopback only. */
  open?: boolean;
}): JobPages | undefined {
  const { settings } = input;
  if (settings.INFRABOT_RUNNER !== 'local') return undefined;
  const artifacts = new FileArtifacts(input.stateDir);
  const logPath = (jobId: string) => artifacts.pathOf(jobId, 'log.txt');
  if (input.open) {
    return {
      routes: jobPageRoutes({ jobs: input.jobs, artifacts, logPath }),
      logUrl: (jobId) => `http://127.0.0.1:${input.port()}/jobs/${jobId}`,
    };
  }
  const links = new JobLinks({
    baseUrl: () => settings.INFRABOT_PUBLIC_URL ?? `http://localhost:${input.port()}`,
    key: jobLinkKey(settings.SLACK_SIGNING_SECRET),
    ttlMs: input.config.jobs.maxPlanAge,
    now: () => new Date(),
  });
  return {
    routes: jobPageRoutes({ jobs: input.jobs, artifacts, logPath, links }),
    logUrl: (jobId) => links.pageUrl(jobId),
  };
}
