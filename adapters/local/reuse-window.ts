/**
 * Shares the answer to one question among everyone who asks it while it is being answered, and for `reuseMs`
 * after. Answers that `keep` rejects (a failure worth retrying at once) are not shared after they arrive.
 */
export class ReuseWindow<T> {
  private readonly answers = new Map<string, { promise: Promise<T>; askedAt: number }>();

  constructor(
    private readonly reuseMs: number,
    private readonly keep: (answer: T) => boolean = () => true,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The answer for `key`: one being worked out or given less than `reuseMs` ago, or a new one from `ask`. */
  get(key: string, ask: () => Promise<T>): Promise<T> {
    this.forgetOld();
    const known = this.answers.get(key);
    if (known !== undefined) return known.promise;
    const promise = ask();
    const entry = { promise, askedAt: this.now() };
    this.answers.set(key, entry);
    const forget = () => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    };
    promise.then((answer) => {
      if (!this.keep(answer)) forget();
    }, forget);
    return promise;
  }

  /** Drops answers asked for at least `reuseMs` ago, so the map holds only what is still shared. */
  private forgetOld(): void {
    const oldest = this.now() - this.reuseMs;
    for (const [key, entry] of this.answers) if (entry.askedAt <= oldest) this.answers.delete(key);
  }
}
