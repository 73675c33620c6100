import type { PullRequests } from '../ports';
import type { RequestDeps } from '../usecases/deps';

/**
 * The stacks a set of changed paths affects (the foundation's affected-stack detection over the repository,
 * modules included). Asynchronous because it reads the stacks' Terraform files.
 */
export type AffectedStacks = (changedFiles: readonly string[]) => Promise<readonly string[]>;

/** What the GitHub use cases need: the request use cases' dependencies, the PR API and affected stacks. */
export interface GitHubDeps extends RequestDeps {
  pullRequests: PullRequests;
  affectedStacks: AffectedStacks;
}
