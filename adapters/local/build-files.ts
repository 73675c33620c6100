import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, rm, writeFile } from 'node:fs/promises';

/**
 * A file in a directory a build can write (its job directory, its scratch) that is not a regular file: a symbolic
 * link the build left there (to another job's log, to `/proc/self/environ`, to the store), a FIFO, a directory.
 * The bot reads none of them.
 */
export class BuildFileError extends Error {
  override readonly name = 'BuildFileError';
  readonly code = 'not_a_regular_file';
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Opens a file a build may have written (or replaced) for reading: never through a symbolic link, and only a
 * regular file, checked on the opened file itself so that nothing can swap it between the check and the read.
 * Undefined when there is no such file.
 */
export async function openBuildFile(path: string): Promise<FileHandle | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw new BuildFileError(`refusing to read ${path}: the build left a symbolic link there`);
    throw error;
  }
  if ((await file.stat()).isFile()) return file;
  await file.close();
  throw new BuildFileError(`refusing to read ${path}: it is not a regular file`);
}

/** A file a build left that is larger than the bot reads. */
export class BuildFileTooLargeError extends Error {
  override readonly name = 'BuildFileTooLargeError';
  readonly code = 'build_file_too_large';
}

/**
 * The most the bot reads of one file a build left: far above the plan JSON of 50,000 changes, far below what would
 * exhaust the bot's memory. A build can leave a sparse file of any size that costs it no disk at all.
 */
export const MAX_BUILD_FILE_BYTES = 512 * 1024 * 1024;

/**
 * The bytes of a file a build may have written (see `openBuildFile`); undefined when there is none. A file over
 * `maxBytes` is refused, unread.
 */
export async function readBuildFile(path: string, maxBytes = MAX_BUILD_FILE_BYTES): Promise<Buffer | undefined> {
  const file = await openBuildFile(path);
  if (file === undefined) return undefined;
  try {
    const { size } = await file.stat();
    if (size > maxBytes) {
      const mib = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MiB`;
      throw new BuildFileTooLargeError(`refusing to read ${path}: it holds ${mib(size)}, more than ${mib(maxBytes)}`);
    }
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/**
 * Writes a file into a directory a build can write: to a new temporary file, renamed over whatever is at `path`
 * (a symbolic link the build left is replaced, never written through), so a reader never sees half a file.
 */
export async function replaceBuildFile(path: string, body: Uint8Array | string, mode = 0o600): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, body, { flag: 'wx', mode });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// No O_CREAT: only a file the bot made is appended to.
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Appends to a file a build may have replaced (a build's log, after its driver ended): never through a symbolic
 * link, and only to a regular file, checked on the opened file itself.
 */
export async function appendToBuildFile(path: string, text: string): Promise<void> {
  let file: FileHandle;
  try {
    file = await open(path, APPEND_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new BuildFileError(`refusing to write ${path}: the build left a symbolic link there`);
    }
    throw error;
  }
  try {
    if (!(await file.stat()).isFile()) throw new BuildFileError(`refusing to write ${path}: it is not a regular file`);
    await file.appendFile(text);
  } finally {
    await file.close();
  }
}
