/**
 * The interfaces the domain needs from the outside world. Adapters implement them (SQLite or DynamoDB,
 * the local runner or CodeBuild, Slack, GitHub); tests use the in-memory fakes under test/fakes.
 * Each port has only the methods a use case calls.
 */

export type * from './ports/builds';
export type * from './ports/chat';
export type * from './ports/clock';
export type * from './ports/github';
export type * from './ports/job-and-lock-stores';
export type * from './ports/records';
export type * from './ports/self-service';
export type * from './ports/store';
