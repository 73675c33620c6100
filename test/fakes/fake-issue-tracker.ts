import type { IssueTracker } from '../../core/ports';

/** GitHub issues in memory, with each call recorded in a few words. */
export class FakeIssueTracker implements IssueTracker {
  readonly issues = new Map<
    number,
    { title: string; body: string; label: string; open: boolean; comments: string[] }
  >();
  readonly calls: string[] = [];

  async findOpenIssue(title: string, label: string): Promise<number | undefined> {
    this.calls.push(`find ${title}`);
    for (const [number, issue] of this.issues)
      if (issue.open && issue.title === title && issue.label === label) return number;
    return undefined;
  }

  async openIssue(issue: { title: string; body: string; label: string }): Promise<number> {
    const number = this.issues.size + 1;
    this.issues.set(number, { ...issue, open: true, comments: [] });
    this.calls.push(`open ${number}`);
    return number;
  }

  async updateIssue(issue: number, body: string): Promise<void> {
    const found = this.issues.get(issue);
    if (found) found.body = body;
    this.calls.push(`update ${issue}`);
  }

  async closeIssue(issue: number, comment: string): Promise<void> {
    const found = this.issues.get(issue);
    if (found) {
      found.open = false;
      found.comments.push(comment);
    }
    this.calls.push(`close ${issue}`);
  }
}
