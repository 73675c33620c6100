import { openBuildFile } from '../local/build-files';

/** What was read past `offset`: whole lines only, unless the caller asks for the rest. */
export interface LogChunk {
  text: string;
  /** Where the next read starts. */
  offset: number;
}

/**
 * Reads a growing log from `offset`, up to the last complete line (so a secret is never split across two
 * chunks and masked in neither), or to the end with `toEnd` once the log is complete. A missing file is empty,
 * and so is one the build replaced with a symbolic link or anything but a regular file (see `openBuildFile`).
 */
export async function readLogFrom(path: string, offset: number, toEnd = false): Promise<LogChunk> {
  const file = await openBuildFile(path).catch(() => undefined);
  if (file === undefined) return { text: '', offset };
  try {
    const { size } = await file.stat();
    if (size <= offset) return { text: '', offset };
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
    const read = buffer.subarray(0, bytesRead);
    const end = toEnd ? read.length : read.lastIndexOf(0x0a) + 1;
    return { text: read.subarray(0, end).toString('utf8'), offset: offset + end };
  } finally {
    await file.close();
  }
}
