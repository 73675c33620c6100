import type { DriftNews } from '../drift/drift-news';
import type { DriftStatus } from '../drift/drift-status';
import type { IssueTracker } from '../ports';
import { driftIssueBody, driftIssueTitle } from '../render/markdown/drift-issue';

/** The label of drift issues. */
export const driftIssueLabel = 'infrabot:drift';

/**
 * One GitHub issue per drifted stack: opened when drift is first announced, updated when it changes, and closed
 * with a comment when the stack is back in sync. An open issue of the stack (found by its title and label) is
 * reused, so there is never a second one.
 */
export class DriftIssues {
  constructor(private readonly tracker: IssueTracker) {}

  /** Brings the stack's issue in line with the news; returns the status with the issue it now has. */
  async sync(status: DriftStatus, news: DriftNews): Promise<DriftStatus> {
    if (news.kind === 'drift') {
      const body = driftIssueBody(status.stack, news.state, status.jobId ?? '', status.logUrl);
      const issue = status.issue ?? (await this.findOpen(status.stack));
      if (issue !== undefined) {
        await this.tracker.updateIssue(issue, body);
        return { ...status, issue };
      }
      const opened = await this.tracker.openIssue({
        title: driftIssueTitle(status.stack),
        body,
        label: driftIssueLabel,
      });
      return { ...status, issue: opened };
    }
    if (news.kind === 'in_sync') {
      const issue = status.issue ?? (await this.findOpen(status.stack));
      const { issue: _closed, ...rest } = status;
      if (issue !== undefined)
        await this.tracker.closeIssue(issue, 'Back in sync: the latest drift check found no drift.');
      return rest;
    }
    return status;
  }

  private findOpen(stack: string): Promise<number | undefined> {
    return this.tracker.findOpenIssue(driftIssueTitle(stack), driftIssueLabel);
  }
}
