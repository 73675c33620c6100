/** The clock the domain reads, injected so that tests choose the time. */
export interface Clock {
  now(): Date;
}
