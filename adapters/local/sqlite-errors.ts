/** Why the SQLite state database could not be used. */
export type SqliteStoreErrorCode = 'open_failed' | 'schema_too_new' | 'migration_failed' | 'bad_migrations';

/** A failure of the SQLite state database that the caller cannot recover from by retrying. */
export class SqliteStoreError extends Error {
  override name = 'SqliteStoreError';
  readonly code: SqliteStoreErrorCode;

  constructor(code: SqliteStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
