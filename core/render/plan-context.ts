/** What a renderer knows about a plan besides its summary: where it came from and where to read more. */
export interface PlanContext {
  /**
   * The stack's name, e.g. `aws/prod/network`; goes into the PR comment's hidden marker and the title. Empty for a
   * plan summarized on its own (`infrabot summarize PLAN.json`): no marker and no title.
   */
  stack: string;
  /** The human-readable plan (`terraform show PLANFILE`), already masked by Terraform; shown collapsed. */
  planText?: string;
  /** Where the full log is, linked whenever something had to be left out. */
  logUrl?: string;
  /** The commit the plan was made at. */
  sha?: string;
  /** The job that made the plan. */
  jobId?: string;
  /** Whether this reports a plan (the default) or an apply. */
  action?: 'plan' | 'apply';
}
