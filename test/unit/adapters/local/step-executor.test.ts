import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findBwrap, sandboxedBy, type WrapCommand } from '../../../../adapters/local/sandbox';
import { executeSteps } from '../../../../adapters/local/step-executor';
import { unreadableShell } from '../../../../adapters/local/unreadable-shell';
import type { PhaseSteps } from '../../../../core/buildspec/steps';
import { tempDir } from '../../../support/git-repo';

/** How the commands run: each in a bash of its own, or all through one shell in one sandbox. */
type Mode = 'unconfined' | 'sandboxed';

/**
 * The sandbox of a build working in `dir`: only `dir` writable, under a state directory of its own, holding the
 * unreadable copy of bash its shell runs, as the runner gives it.
 */
async function sandboxOf(dir: string): Promise<{ sandbox: WrapCommand; bash: string }> {
  const tools = await findBwrap(process.env);
  if (tools === undefined) throw new Error('bwrap is installed by .ci/run');
  const stateDir = tempDir('steps-state');
  const bash = await unreadableShell('/bin/bash', tempDir('steps-shell'));
  const layout = { stateDir, repoDir: tempDir('steps-repo'), hidden: [], readable: [bash] };
  return { sandbox: sandboxedBy(tools, { ...layout, writable: [dir], overlays: [] }), bash };
}

async function runIn(phases: PhaseSteps[], signal: AbortSignal, mode: Mode, env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('steps');
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const result = await executeSteps({
    phases,
    env: { PATH: process.env.PATH, START: 'start', ...env },
    cwd: dir,
    stateDir: join(dir, '.state'),
    bash: '/bin/bash',
    output,
    signal,
    killGraceMs: 200,
    ...(mode === 'sandboxed' ? await sandboxOf(dir) : {}),
  });
  return { result, output: text, dir };
}

const phase = (name: PhaseSteps['phase'], commands: string[], finallyCommands: string[] = []): PhaseSteps => ({
  phase: name,
  commands,
  finally: finallyCommands,
  continueOnFailure: false,
});

describe.each<Mode>(['unconfined', 'sandboxed'])('executeSteps, %s', (mode) => {
  const run = (phases: PhaseSteps[], signal = new AbortController().signal) => runIn(phases, signal, mode);

  it('carries exported variables, unset variables and the directory from one command to the next', async () => {
    // Act
    const { result, output } = await run([
      phase('build', [
        'export A=1 && mkdir sub && cd sub',
        'unset START; export B="$A$A"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash parameter expansion, not a JS template
        'echo "A=$A B=$B START=${START:-gone} DIR=$(basename "$PWD")"',
      ]),
    ]);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(output).toContain('A=1 B=11 START=gone DIR=sub\n');
  });

  it("gives the first command the build's environment as it is, quotes, newlines and dollars included", async () => {
    // Arrange
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a value that bash must not expand
    const awkward = 'it\'s "$(echo expanded)" `echo run` ${START}\nsecond line \\ end';

    // Act
    const { result, output } = await runIn(
      [phase('build', ['printf "<%s>\\n" "$AWKWARD"', 'printf "<%s>\\n" "$AWKWARD"'])],
      new AbortController().signal,
      mode,
      { AWKWARD: awkward },
    );

    // Assess
    expect(result).toEqual({ ok: true });
    expect(output.split(`<${awkward}>\n`)).toHaveLength(3);
  });

  it('runs each command as the runner gave it, whatever a command wrote into the state directory', async () => {
    // Act: the first command writes, where the runner once kept its step script and the next command, a script
    // that would print something else
    const { result, output } = await run([
      phase('build', [
        'mkdir -p .state && for f in step.sh command.sh env; do echo "echo forged; exit 0" > ".state/$f"; done',
        'echo "second as given"',
        'echo "third as given"',
      ]),
    ]);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(output).toContain('second as given\n');
    expect(output).toContain('third as given\n');
    expect(output).not.toMatch(/^forged$/m);
  });

  it('gives nothing a command starts a way to write the environment the next command starts from', async () => {
    // Act: a program the command starts writes a command to every descriptor it got beyond the usual three, and
    // lists them; the directory and a variable set by the command itself, with an `exit`, still carry over
    const { result, output } = await run([
      phase('build', [
        String.raw`mkdir "odd dir" && cd "odd dir" && export KEPT='a "quoted" $value'; bash -c 'for fd in 3 4 5 6 7 8 9; do echo "echo forged" >&$fd && echo "fd $fd written"; done 2> /dev/null; echo "links to the state: $(ls -l /proc/self/fd/ | grep -c /.state)"'; exit 0`,
        'echo "KEPT=$KEPT DIR=$(basename "$PWD")"',
      ]),
    ]);

    // Assess: the program had no descriptor onto the saved environment, and nothing forged ran
    expect(result).toEqual({ ok: true });
    expect(output).not.toMatch(/^fd \d written$/m);
    expect(output).toContain('links to the state: 0\n');
    expect(output).toContain('KEPT=a "quoted" $value DIR=odd dir\n');
    expect(output).not.toMatch(/^forged$/m);
  });

  it('stops a phase at the first failing command, runs its finally commands, and reports the failure', async () => {
    // Act
    const { result, output } = await run([
      phase('build', ['echo first', 'exit 3', 'echo never'], ['echo cleanup']),
      phase('install', ['echo not-reached']),
    ]);

    // Assess
    expect(result).toEqual({ ok: false, aborted: false, phase: 'build', command: 'exit 3', exitCode: 3 });
    expect(output).toContain('first\n');
    expect(output).toContain('cleanup\n');
    expect(output).not.toContain('never\n');
    expect(output).not.toContain('not-reached\n');
  });

  it('still runs post_build after a failed build, but nothing after a failed install', async () => {
    // Act
    const afterBuild = await run([phase('build', ['false']), phase('post_build', ['echo post'])]);
    const afterInstall = await run([phase('install', ['false']), phase('build', ['echo build'])]);

    // Assess
    expect(afterBuild.result).toMatchObject({ ok: false, phase: 'build' });
    expect(afterBuild.output).toContain('post\n');
    expect(afterInstall.output).not.toContain('build\n');
  });

  it('fails the phase when a finally command fails', async () => {
    // Act
    const { result } = await run([phase('build', ['true'], ['exit 4'])]);

    // Assess
    expect(result).toMatchObject({ ok: false, exitCode: 4 });
  });

  it('kills the running command and its children when aborted', async () => {
    // Prepare
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();

    // Act
    const { result } = await run([phase('build', ['sleep 30 | cat', 'echo never'])], controller.signal);

    // Assess
    expect(result).toEqual({ ok: false, aborted: true, endedCleanly: false });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('executeSteps in a sandbox', () => {
  const run = (phases: PhaseSteps[]) => runIn(phases, new AbortController().signal, 'sandboxed');

  it('kills what a command left running before the next command starts', async () => {
    // Act
    const { result, output } = await run([phase('build', ['(sleep 1; echo left"over") &', 'sleep 2; echo next done'])]);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(output).toContain('next done\n');
    expect(output).not.toContain('leftover');
  });

  it('reports the status the command ended with, whatever it wrote to the descriptors it was given', async () => {
    // Act: a command that tries to report success for itself on every descriptor before failing
    const { result } = await run([phase('build', ['for fd in 1 2 3 4 5; do echo 0 >&$fd; done 2> /dev/null; exit 6'])]);

    // Assess
    expect(result).toMatchObject({ ok: false, phase: 'build', exitCode: 6 });
  });

  it("gives no program a command starts the shell's channel to the driver, nor a way into the shell", async () => {
    // Arrange: a program (a provider, an external data source) that takes descriptor 3 of every process it can
    // (pidfd_getfd, as ptrace would allow) and writes there a report of success with an environment of its own
    const forge = String.raw`for my $pid (1 .. 64) { next if $pid == $$; my $pidfd = syscall(434, $pid, 0); next if $pidfd < 0; my $fd = syscall(438, $pidfd, 3, 0); next if $fd < 0; print "took the channel of $pid\n"; open(my $h, ">&=", $fd) or next; syswrite($h, "export X=forged\n__infrabot_cwd=/\n\0" . "0\0"); }`;

    // Act
    const { result, output } = await runIn(
      [phase('build', ['perl -e "$FORGE"; exit 7', 'echo "X=$X"'])],
      new AbortController().signal,
      'sandboxed',
      { FORGE: forge },
    );

    // Assess
    expect(output).not.toContain('took the channel');
    expect(result).toMatchObject({ ok: false, phase: 'build', exitCode: 7, command: 'perl -e "$FORGE"; exit 7' });
  });

  it('runs the remaining commands when a command ended the shell that runs them', async () => {
    // Act: the killing command's own exports reach the next command only when its exit trap wrote them before the
    // sandbox ended, so the carried variable is exported by the command before it
    const { result, output } = await run([
      phase(
        'build',
        ['export KEPT=yes', 'read -r _ _ _ shell _ < /proc/$BASHPID/stat; kill -KILL "$shell"'],
        ['echo "finally ran KEPT=$KEPT"'],
      ),
    ]);

    // Assess
    expect(result).toMatchObject({ ok: false, phase: 'build', exitCode: 137 });
    expect(output).toContain('finally ran KEPT=yes\n');
  });
});
