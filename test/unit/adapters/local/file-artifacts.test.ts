import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileArtifacts } from '../../../../adapters/local/file-artifacts';
import type { ArtifactName } from '../../../../core/ports';

const stateDir = mkdtempSync(join(tmpdir(), 'infrabot-artifacts-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('FileArtifacts', () => {
  it('stores an artifact under <stateDir>/jobs/<jobId>/<name> and reads it back', async () => {
    const artifacts = new FileArtifacts(stateDir);
    await artifacts.put('j-m7q2k1-aaaa', 'plan.txt', 'No changes. ünïcode\n');
    const body = await artifacts.get('j-m7q2k1-aaaa', 'plan.txt');
    const onDisk = readFileSync(join(stateDir, 'jobs', 'j-m7q2k1-aaaa', 'plan.txt'), 'utf8');
    expect(new TextDecoder().decode(body)).toBe('No changes. ünïcode\n');
    expect(onDisk).toBe('No changes. ünïcode\n');
  });

  it('keeps binary artifacts byte for byte', async () => {
    const artifacts = new FileArtifacts(stateDir);
    const tfplan = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80]);
    await artifacts.put('j-m7q2k1-bbbb', 'tfplan', tfplan);
    expect(await artifacts.get('j-m7q2k1-bbbb', 'tfplan')).toEqual(tfplan);
  });

  it('replaces an artifact written again and leaves no temporary files', async () => {
    const artifacts = new FileArtifacts(stateDir);
    await artifacts.put('j-m7q2k1-cccc', 'log.txt', 'first');
    await Promise.all([
      artifacts.put('j-m7q2k1-cccc', 'log.txt', 'second'),
      artifacts.put('j-m7q2k1-cccc', 'plan.json', '{}'),
    ]);
    const body = await artifacts.get('j-m7q2k1-cccc', 'log.txt');
    expect(new TextDecoder().decode(body)).toBe('second');
    expect(readdirSync(join(stateDir, 'jobs', 'j-m7q2k1-cccc')).sort()).toEqual(['log.txt', 'plan.json']);
  });

  it('returns undefined for an artifact or a job that does not exist', async () => {
    const artifacts = new FileArtifacts(stateDir);
    await artifacts.put('j-m7q2k1-dddd', 'plan.txt', 'x');
    expect(await artifacts.get('j-m7q2k1-dddd', 'plan.json')).toBeUndefined();
    expect(await artifacts.get('j-m7q2k1-none', 'plan.json')).toBeUndefined();
  });

  it('refuses job ids that could leave the jobs directory, without touching the disk', async () => {
    const artifacts = new FileArtifacts(join(stateDir, 'refusals'));
    const badIds = ['../escape', 'j-../../etc', 'j-abcd/../../x', '/etc/passwd', 'j-ABCD', 'j-ab', '', 'j-abcd\u0000'];
    for (const jobId of badIds) {
      await expect(artifacts.put(jobId, 'plan.txt', 'x'), jobId).rejects.toMatchObject({
        name: 'ArtifactPathError',
        code: 'invalid_job_id',
      });
      await expect(artifacts.get(jobId, 'plan.txt'), jobId).rejects.toMatchObject({ code: 'invalid_job_id' });
    }
    expect(() => readdirSync(join(stateDir, 'refusals'))).toThrow();
  });

  it('refuses artifact names other than the known four', async () => {
    const artifacts = new FileArtifacts(stateDir);
    const name = '../../state.db' as ArtifactName;
    await expect(artifacts.put('j-m7q2k1-eeee', name, 'x')).rejects.toMatchObject({ code: 'invalid_artifact_name' });
  });

  it('tells the local runner where a job log goes', () => {
    const artifacts = new FileArtifacts(stateDir);
    expect(artifacts.pathOf('j-m7q2k1-ffff', 'log.txt')).toBe(join(stateDir, 'jobs', 'j-m7q2k1-ffff', 'log.txt'));
  });

  it("refuses to follow a symbolic link a build left for an artifact, to another job's log or the bot's environment", async () => {
    // Prepare
    const artifacts = new FileArtifacts(stateDir);
    await artifacts.put('j-m7q2k1-other', 'log.txt', "another job's log");
    const dir = artifacts.jobDir('j-m7q2k1-link');
    mkdirSync(dir, { recursive: true });
    symlinkSync(artifacts.pathOf('j-m7q2k1-other', 'log.txt'), join(dir, 'log.txt'));
    symlinkSync('/proc/self/environ', join(dir, 'plan.txt'));

    // Act
    const log = artifacts.get('j-m7q2k1-link', 'log.txt');
    const planText = artifacts.get('j-m7q2k1-link', 'plan.txt');

    // Assess
    await expect(log).rejects.toMatchObject({
      name: 'BuildFileError',
      code: 'not_a_regular_file',
      message: expect.stringContaining('a symbolic link'),
    });
    await expect(planText).rejects.toMatchObject({ code: 'not_a_regular_file' });
  });

  it('refuses an artifact that is not a regular file, such as a FIFO that would hang the bot, or a directory', async () => {
    // Prepare
    const artifacts = new FileArtifacts(stateDir);
    const dir = artifacts.jobDir('j-m7q2k1-fifo');
    mkdirSync(join(dir, 'plan.json'), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'log.txt')]);

    // Act and assess
    await expect(artifacts.get('j-m7q2k1-fifo', 'log.txt')).rejects.toMatchObject({ code: 'not_a_regular_file' });
    await expect(artifacts.get('j-m7q2k1-fifo', 'plan.json')).rejects.toMatchObject({ code: 'not_a_regular_file' });
  });

  it('refuses, unread, an artifact larger than the bot reads, such as a sparse plan.json that costs the build no disk', async () => {
    // Prepare: 3 GiB of nothing
    const artifacts = new FileArtifacts(stateDir);
    const dir = artifacts.jobDir('j-m7q2k1-huge');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'plan.json'), '');
    truncateSync(join(dir, 'plan.json'), 3 * 1024 ** 3);

    // Act and assess
    await expect(artifacts.get('j-m7q2k1-huge', 'plan.json')).rejects.toMatchObject({
      code: 'build_file_too_large',
      message: expect.stringContaining('it holds 3072 MiB, more than 512 MiB'),
    });
  });

  it('writes an artifact in place of a symbolic link a build left, never through it', async () => {
    // Prepare
    const artifacts = new FileArtifacts(stateDir);
    const outside = join(stateDir, 'precious');
    writeFileSync(outside, 'precious');
    const dir = artifacts.jobDir('j-m7q2k1-write');
    mkdirSync(dir, { recursive: true });
    symlinkSync(outside, join(dir, 'plan.txt'));

    // Act
    await artifacts.put('j-m7q2k1-write', 'plan.txt', 'the plan');

    // Assess
    expect(readFileSync(outside, 'utf8')).toBe('precious');
    expect(new TextDecoder().decode(await artifacts.get('j-m7q2k1-write', 'plan.txt'))).toBe('the plan');
  });
});
