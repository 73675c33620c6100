import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
});
