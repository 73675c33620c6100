/**
 * Answers to a question asked of something slow (a git remote), shared: requests made while one is being asked
 * wait for that one, and an answer is reused for `reuseForMs` after it was asked, never longer. Answers that
 * `keep` rejects (a failure) are forgotten as soon as they arrive, so the next request asks again.
 */
export class RecentAnswers<T> {
  private readonly answers = new Map<string, { askedAt: number; answer: Promise<T> }>();

  constructor(private readonly options: { reuseForMs: number; now: () => number; keep: (answer: T) => boolean }) {}

  get(key: string, ask: () => Promise<T>): Promise<T> {
    const held = this.answers.get(key);
    if (held && this.options.now() - held.askedAt < this.options.reuseForMs) return held.answer;
    this.forgetExpired();
    const answer = ask();
    const entry = { askedAt: this.options.now(), answer };
    this.answers.set(key, entry);
    const forget = () => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    };
    answer.then((value) => (this.options.keep(value) ? undefined : forget()), forget);
    return answer;
  }

  /** Only answers young enough to reuse are kept, however many different keys are asked. */
  private forgetExpired(): void {
    const now = this.options.now();
    for (const [key, held] of this.answers) {
      if (now - held.askedAt >= this.options.reuseForMs) this.answers.delete(key);
    }
  }
}
