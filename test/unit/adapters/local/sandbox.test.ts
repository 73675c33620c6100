import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { capture, runInProcessGroup } from '../../../../adapters/local/run-process';
import {
  botDirsToHide,
  findBwrap,
  type SandboxLayout,
  SandboxLayoutError,
  type SandboxTools,
  sandboxedBy,
} from '../../../../adapters/local/sandbox';
import { tempDir } from '../../../support/git-repo';

/** A state directory with the store, another job's saved plan, and this build's own job directory. */
function stateWithAnotherJob() {
  const stateDir = tempDir('sandbox-state');
  const repoDir = tempDir('sandbox-repo');
  for (const dir of ['jobs/j-other', 'jobs/j-mine', 'worktrees/j-mine'])
    mkdirSync(join(stateDir, dir), { recursive: true });
  writeFileSync(join(stateDir, 'state.db'), 'the store');
  writeFileSync(join(stateDir, 'jobs/j-other/tfplan'), 'reviewed plan');
  return { stateDir, repoDir };
}

function layoutOf(stateDir: string, repoDir: string, more: Partial<SandboxLayout> = {}): SandboxLayout {
  return {
    stateDir,
    repoDir,
    hidden: [],
    writable: [join(stateDir, 'jobs/j-mine'), join(stateDir, 'worktrees/j-mine')],
    readable: [],
    overlays: [],
    ...more,
  };
}

async function tools(): Promise<SandboxTools> {
  const found = await findBwrap(process.env);
  expect(found, 'bwrap (Debian bubblewrap) and coreutils env are installed by .ci/run').toMatchObject({
    bwrap: expect.any(String),
    env: expect.any(String),
  });
  return found as SandboxTools;
}

/** Runs a bash script in the sandbox as the local runner runs a step, stopped through `stop`. */
async function runStep(script: string, stop: AbortSignal, killGraceMs = 5_000) {
  const { stateDir, repoDir } = stateWithAnotherJob();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const wrapped = sandboxedBy(await tools(), layoutOf(stateDir, repoDir))('/bin/bash', ['-c', script]);
  const started = Date.now();
  const end = await runInProcessGroup({ ...wrapped, cwd: '/', env: process.env, output, signal: stop, killGraceMs });
  return { end, output: () => text, ms: Date.now() - started };
}

/** Waits until `path` exists (the script inside the sandbox is ready), for at most 10 s. */
async function waitForFile(path: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let decoy: ChildProcess | undefined;

afterEach(() => {
  decoy?.kill('SIGKILL');
  decoy = undefined;
});

describe('the bubblewrap sandbox of local builds', () => {
  it('hides the state directory from a build except its own job', async () => {
    // Prepare
    const { stateDir, repoDir } = stateWithAnotherJob();
    const wrap = sandboxedBy(await tools(), layoutOf(stateDir, repoDir));
    const attack = [
      `cat ${stateDir}/state.db && echo read-store`,
      `echo forged > ${stateDir}/jobs/j-other/tfplan && echo wrote-other-plan`,
      `echo hook > ${repoDir}/hook && echo wrote-repo`,
      `echo mine > ${stateDir}/jobs/j-mine/plan.txt && echo wrote-own`,
    ].join('; ');

    // Act
    const { command, args } = wrap('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/');

    // Assess
    expect(run.stdout.trim().split('\n')).toEqual(['wrote-own']);
    expect(readFileSync(join(stateDir, 'jobs/j-other/tfplan'), 'utf8')).toBe('reviewed plan');
    expect(readFileSync(join(stateDir, 'jobs/j-mine/plan.txt'), 'utf8')).toBe('mine\n');
  });

  it("shows a build none of the machine's other processes, so /proc gives it no one's environment, directory or root", async () => {
    // Prepare: a process of the same user holding a secret, as the bot does
    const { stateDir, repoDir } = stateWithAnotherJob();
    decoy = spawn('sleep', ['60'], { cwd: stateDir, env: { ...process.env, SLACK_SIGNING_SECRET: 'decoy-secret' } });
    const pid = decoy.pid;
    const attack = [
      `cat /proc/[0-9]*/environ 2> /dev/null | tr '\\0' '\\n' | grep -c decoy-secret`,
      `cat /proc/${pid}/root${stateDir}/state.db 2> /dev/null && echo read-store`,
      `ls /proc/${pid}/cwd/ 2> /dev/null && echo listed-cwd`,
      'ls /proc | grep -c "^[0-9]"',
      'cat /proc/1/comm',
    ].join('; ');

    // Act
    const { command, args } = sandboxedBy(await tools(), layoutOf(stateDir, repoDir))('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/');

    // Assess: no secret, no store, and only the sandbox's own few processes, bwrap's first
    const [secrets, processes, first] = run.stdout.trim().split('\n');
    expect(secrets).toBe('0');
    expect(Number(processes)).toBeLessThan(8);
    expect(first).toBe('bwrap');
    expect(run.stdout).not.toContain('read-store');
    expect(run.stdout).not.toContain('listed-cwd');
  });

  it("hides the bot's working directory, with its .env, and still shows the build its job inside it", async () => {
    // Prepare: the quick start's layout, the state directory (.infrabot) inside the bot's working directory
    const botDir = tempDir('sandbox-bot-dir');
    writeFileSync(join(botDir, '.env'), 'SLACK_BOT_TOKEN=xoxb-bot\n');
    const stateDir = join(botDir, '.infrabot');
    mkdirSync(join(stateDir, 'jobs/j-mine'), { recursive: true });
    mkdirSync(join(stateDir, 'worktrees/j-mine'), { recursive: true });
    const wrap = sandboxedBy(await tools(), layoutOf(stateDir, tempDir('sandbox-repo'), { hidden: [botDir] }));
    const attack = `cat ${botDir}/.env; ls -A ${botDir}; echo mine > ${stateDir}/jobs/j-mine/plan.txt && echo wrote-own`;

    // Act
    const { command, args } = wrap('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/');

    // Assess
    expect(run.stdout.trim().split('\n')).toEqual(['.infrabot', 'wrote-own']);
    expect(readFileSync(join(botDir, '.env'), 'utf8')).toBe('SLACK_BOT_TOKEN=xoxb-bot\n');
    expect(readFileSync(join(stateDir, 'jobs/j-mine/plan.txt'), 'utf8')).toBe('mine\n');
  });

  it("keeps the machine and the bot's home directory read-only, with only the build's own directories writable", async () => {
    // Prepare: the bot's home holds the git configuration its own checkouts read
    const { stateDir, repoDir } = stateWithAnotherJob();
    const home = tempDir('sandbox-home');
    writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = bot\n');
    const wrap = sandboxedBy(await tools(), layoutOf(stateDir, repoDir, { home }));
    const attack = [
      `git config --global core.hooksPath ${home}/hooks 2> /dev/null && echo wrote-git-config`,
      `echo plugin > ${home}/.terraformrc 2> /dev/null && echo wrote-terraformrc`,
      'touch /usr/local/planted 2> /dev/null && echo wrote-machine',
      `cat ${home}/.gitconfig > /dev/null && echo read-home`,
      'ls /dev | grep -c "^sd" ; echo mine > /dev/null && echo dev-null',
      `echo mine > ${stateDir}/jobs/j-mine/plan.txt && echo wrote-own`,
    ].join('; ');

    // Act
    const { command, args } = wrap('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/', { ...process.env, HOME: home });

    // Assess: the home is read, nothing outside the build's own directories is written, no disk device is shown
    expect(run.stdout.trim().split('\n')).toEqual(['read-home', '0', 'dev-null', 'wrote-own']);
    expect(readFileSync(join(home, '.gitconfig'), 'utf8')).toBe('[user]\n\tname = bot\n');
    expect(existsSync(join(home, '.terraformrc'))).toBe(false);
  });

  it('gives a build no capability, so it can neither unmount what hides the state directory nor remount the machine writable, even when the bot runs as root', async () => {
    // Prepare
    const { stateDir, repoDir } = stateWithAnotherJob();
    const wrap = sandboxedBy(await tools(), layoutOf(stateDir, repoDir));
    const attack = [
      "grep -E '^Cap(Eff|Prm|Bnd):' /proc/self/status | cut -f2",
      `umount -l ${stateDir} 2> /dev/null && echo unmounted`,
      'mount -o remount,rw / 2> /dev/null && echo remounted',
      `cat ${stateDir}/state.db 2> /dev/null && echo read-store`,
      `echo forged > ${stateDir}/jobs/j-other/tfplan 2> /dev/null && echo wrote-other-plan`,
    ].join('; ');

    // Act
    const { command, args } = wrap('/bin/bash', ['-c', attack]);
    const run = await capture(command, args, '/');

    // Assess: no permitted, effective or bounding capability, and the state directory stays hidden
    expect(run.stdout.trim().split('\n')).toEqual(['0000000000000000', '0000000000000000', '0000000000000000']);
    expect(readFileSync(join(stateDir, 'jobs/j-other/tfplan'), 'utf8')).toBe('reviewed plan');
  });

  it('refuses to start a command whose bind source a build replaced with a symbolic link', async () => {
    // Prepare: a writable directory of the layout is now a link to the state directory
    const { stateDir, repoDir } = stateWithAnotherJob();
    const linked = join(tempDir('sandbox-linked'), 'copy');
    symlinkSync(stateDir, linked);
    const wrap = sandboxedBy(
      await tools(),
      layoutOf(stateDir, repoDir, { overlays: [{ source: linked, target: join(stateDir, 'tfstate') }] }),
    );

    // Act and Assess
    expect(() => wrap('/bin/true', [])).toThrow(SandboxLayoutError);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'delivers %s sent to the process group to the build, which stops on its own terms with its own exit code',
    async (signal) => {
      // Prepare: a build that takes a second to stop cleanly, as terraform does
      const ready = join(tempDir('sandbox-signal'), 'ready');
      const script = `trap 'echo "got $1"; sleep 1; echo "stopped cleanly"; exit 3' INT TERM; touch ${ready}; sleep 60 & wait`;
      const { stateDir, repoDir } = stateWithAnotherJob();
      const wrapped = sandboxedBy(await tools(), layoutOf(stateDir, repoDir))('/bin/bash', [
        '-c',
        script,
        'build',
        signal,
      ]);
      const child = spawn(wrapped.command, wrapped.args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const ended = new Promise<number | null>((resolve) => child.once('close', resolve));
      await waitForFile(ready);

      // Act
      process.kill(-(child.pid ?? 0), signal);
      const exitCode = await ended;

      // Assess
      expect(output).toBe(`got ${signal}\nstopped cleanly\n`);
      expect(exitCode).toBe(3);
    },
  );

  it('kills a build that ignores SIGTERM once the grace period is over', async () => {
    // Prepare
    const ready = join(tempDir('sandbox-stubborn'), 'ready');
    const stop = new AbortController();
    const running = runStep(`trap '' TERM; touch ${ready}; while :; do sleep 0.1; done`, stop.signal, 300);
    await waitForFile(ready);

    // Act
    stop.abort();
    const { end, ms } = await running;

    // Assess
    expect(end.signal).toBe('SIGKILL');
    expect(ms).toBeLessThan(10_000);
  });

  it('ends everything a build started when it ends, a process that left its process group too', async () => {
    // Prepare: the build leaves a process behind in a session of its own, which a process group kill misses
    const dir = tempDir('sandbox-leftover');
    const beat = join(dir, 'beat');
    const script = `setsid bash -c 'while :; do date +%s%N >> ${beat}; sleep 0.05; done' & sleep 0.3; exit 0`;

    // Act
    const { end } = await runStep(script, new AbortController().signal);
    const sizeAtEnd = statSync(beat).size;
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Assess
    expect(end.exitCode).toBe(0);
    expect(statSync(beat).size).toBe(sizeAtEnd);
  });
});

describe('botDirsToHide', () => {
  it("hides the bot's working directory, but never the root or a directory holding the home directory", () => {
    expect(botDirsToHide('/srv/infrabot', '/home/bot')).toEqual(['/srv/infrabot']);
    expect(botDirsToHide('/home/bot/infrabot', '/home/bot')).toEqual(['/home/bot/infrabot']);
    expect(botDirsToHide('/home/bot', '/home/bot')).toEqual([]);
    expect(botDirsToHide('/home', '/home/bot')).toEqual([]);
    expect(botDirsToHide('/', undefined)).toEqual([]);
  });
});
