import type { ControlledProcess, ProcessEnd } from './run-process';

/**
 * The shell that runs a sandboxed build's commands, started once for the build (one `bwrap`, one bash) rather than
 * once for every command. It reads each command from its stdin (a pipe from the driver, never a file: nothing the
 * build writes changes what runs next), with the environment and directory the previous command left (empty for
 * the first), prints its log header, and runs it in a bash of its own with the step script (so `exit` ends only that
 * command). That bash reads the carried environment on its descriptor 4 (a pipe from this shell) and its exit trap
 * writes what the command left on descriptor 3, the pipe to the driver; the command runs without either, so no
 * program it starts inherits them. The shell then kills whatever the command left behind and writes the exit status
 * on the same pipe. The environment never touches a file any build sees: the driver keeps it (see step-executor.ts).
 *
 * Leftovers are killed with `kill -KILL -1`, which inside the sandbox's PID namespace reaches only the build's own
 * processes; the shell checks that its PID 1 is bwrap's before it does (outside a namespace it would reach all
 * of the user's processes), and otherwise leaves them to the end of the build, when the group is killed.
 *
 * Arguments: bash's path, the step script. Commands come as three NUL-terminated fields: header, command, the
 * environment to start from. Reports go back as two: the environment left (empty when the command was killed before
 * its trap saved one), then the exit status, each NUL-terminated (the trap writes the first field's text, the shell
 * its end and the status, once the command's leftovers are dead).
 */
export const SHELL_SCRIPT = `__infrabot_bash="$1"; __infrabot_step="$2"; set --
__infrabot_init=; read -r __infrabot_init < /proc/1/comm 2> /dev/null
while IFS= read -r -d '' __infrabot_header && IFS= read -r -d '' __infrabot_command && IFS= read -r -d '' __infrabot_env; do
  printf '%s\\n' "$__infrabot_header"
  if [ -n "$__infrabot_env" ]; then
    printf '%s\\n' "$__infrabot_env" | ( exec -c "$__infrabot_bash" -c "$__infrabot_step" infrabot-step "$__infrabot_command" carried 4<&0 < /dev/null )
  else
    "$__infrabot_bash" -c "$__infrabot_step" infrabot-step "$__infrabot_command" first < /dev/null
  fi
  __infrabot_rc=$?
  if [ "$__infrabot_init" = bwrap ]; then kill -KILL -1 2> /dev/null; fi
  printf '\\0%s\\0' "$__infrabot_rc" >&3
done
`;

/** How one command ended: its exit status and the environment it left, or the shell's end when it ended first. */
export type ShellCommandEnd = { exitCode: number; env: string } | { shellEnded: ProcessEnd; env: string };

/**
 * What a command whose shell died under it (the command killed it) left, when its trap wrote all of it before the
 * sandbox ended: the trap's last line is the directory. Anything cut short is dropped, and the next command starts
 * from the last environment saved.
 */
function completeEnv(written: string): string {
  return /(^|\n)__infrabot_cwd=[^\n]*\n$/.test(written) ? written : '';
}

/** The driver's side of the step shell: sends commands, reads their statuses, starts the shell again if it died. */
export class StepShell {
  private shell: ControlledProcess | undefined;
  private pending = '';
  private fields: string[] = [];
  private reports: { exitCode: number; env: string }[] = [];
  private wake: (() => void) | undefined;
  private ended: ProcessEnd | undefined;

  /** `start` starts the shell with `SHELL_SCRIPT` (wrapped in the sandbox). */
  constructor(private readonly start: () => ControlledProcess) {}

  /** Runs `command` from `env` (what the previous command left, empty for the first). */
  async run(header: string, command: string, env: string): Promise<ShellCommandEnd> {
    if ([header, command, env].some((field) => field.includes('\0'))) {
      throw new Error('a build command cannot hold a NUL byte');
    }
    const shell = this.current();
    shell.input.write(`${header}\0${command}\0${env}\0`);
    for (;;) {
      const report = this.reports.shift();
      if (report !== undefined) return report;
      if (this.ended !== undefined) {
        const shellEnded = this.ended;
        this.shell = undefined;
        return { shellEnded, env: completeEnv(this.pending) };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Ends the shell (it exits once it has read everything) and resolves with how it ended, if one was running. */
  async close(): Promise<ProcessEnd | undefined> {
    const shell = this.shell;
    if (shell === undefined) return undefined;
    shell.input.end();
    return shell.ended;
  }

  private current(): ControlledProcess {
    if (this.shell !== undefined) return this.shell;
    const shell = this.start();
    this.shell = shell;
    this.pending = '';
    this.fields = [];
    this.reports = [];
    this.ended = undefined;
    shell.reports.setEncoding('utf8');
    shell.reports.on('data', (chunk: string) => {
      const fields = (this.pending + chunk).split('\0');
      this.pending = fields.pop() ?? '';
      this.fields.push(...fields);
      while (this.fields.length >= 2) {
        const [env = '', status = ''] = this.fields.splice(0, 2);
        this.reports.push({ exitCode: Number.parseInt(status, 10), env });
      }
      this.wake?.();
    });
    void shell.ended.then(
      (end) => {
        this.ended = end;
        this.wake?.();
      },
      () => {
        this.ended = { exitCode: null, signal: null };
        this.wake?.();
      },
    );
    return shell;
  }
}
