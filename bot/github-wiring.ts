import type { CustomRoute } from '@slack/bolt';
import { connectGitHub, githubReporter } from '../adapters/github/connect';
import { githubRoutes } from '../adapters/github/github-routes';
import { HclModuleGraphReader } from '../adapters/local/hcl-module-graph';
import type { Config } from '../core/config/schema';
import type { GitHubDeps } from '../core/github/deps';
import { prRequirementsCheck } from '../core/github/pr-apply';
import type { JobReporter, JobStore, LeaseStore } from '../core/ports';
import { findAffectedStacks } from '../core/stacks/find-affected-stacks';
import type { RequestDeps } from '../core/usecases/deps';
import { DriftIssues } from '../core/usecases/drift-issues';

/** GitHub's part of the bot: its HTTP routes, its job reporter, and a late hook for the request deps. */
export interface GitHubWiring {
  routes: CustomRoute[];
  reporters: JobReporter[];
  /** Drift issues, with `drift.github.issues`. */
  driftIssues?: DriftIssues;
  /** Gives the routes the request use cases' dependencies, once the Bolt app has built them. */
  attach(requests: RequestDeps): void;
}

/**
 * Connects to GitHub when a GitHub App or token is configured (nothing otherwise): the routes
 * `/github/webhook` and `/github/actions…` for the Bolt receiver, and the reporter that keeps PRs current.
 * Affected stacks are found in the local clone `repoDir` (modules included).
 */
export async function wireGitHub(input: {
  env: NodeJS.ProcessEnv;
  config: Config;
  store: Pick<JobStore, 'listJobs' | 'getJob'> & LeaseStore;
  repoDir: string;
  logError: (activity: string, error: unknown) => void;
}): Promise<GitHubWiring> {
  const github = await connectGitHub(input.env, input.config.repository);
  if (!github) return { routes: [], reporters: [], attach: () => {} };
  let deps: GitHubDeps | undefined;
  const modules = new HclModuleGraphReader(input.repoDir);
  const routes = githubRoutes({
    deps: () => {
      if (!deps) throw new Error('a GitHub route was called before the bot was wired');
      return deps;
    },
    settings: github.settings,
    onError: input.logError,
  });
  return {
    routes,
    reporters: [
      githubReporter(github, input.store, { ...input.config.github, stacks: input.config.stacks }, input.logError),
    ],
    ...(input.config.drift?.github.issues ? { driftIssues: new DriftIssues(github.issues) } : {}),
    attach(requests) {
      // Slack applies of a PR's plan check the PR's requirements too, with the applier's login from `people`.
      requests.prRequirements = prRequirementsCheck({ pullRequests: github.pullRequests, store: input.store });
      deps = {
        ...requests,
        pullRequests: github.pullRequests,
        affectedStacks: async (files) => (await findAffectedStacks(input.config.stacks, files, modules)).stacks,
      };
    },
  };
}
