import type { ControlledProcess, ProcessEnd } from './run-process';

/**
 * The shell that runs a sandboxed build's commands, started once for the build (one `bwrap`, one bash) rather than
 * once for every command. It reads each command from its stdin (a pipe from the driver, never a file: nothing the
 * build writes changes what runs next), prints its log header, runs it in a bash of its own with the step script
 * (so env and cwd carry over, and `exit` ends only that command), kills whatever the command left behind, and
 * reports the exit status on its fd 3, a pipe to the driver that no command inherits.
 *
 * Leftovers are killed with `kill -KILL -1`, which inside the sandbox's PID namespace reaches only the build's own
 * processes; the shell checks that its PID 1 is bwrap's before it does (outside a namespace it would reach all
 * of the user's processes), and otherwise leaves them to the end of the build, when the group is killed.
 *
 * Arguments: bash's path, the state directory, the step script. Commands come NUL-terminated, each after its header.
 */
export const SHELL_SCRIPT = `__infrabot_bash="$1"; __infrabot_state="$2"; __infrabot_step="$3"; set --
__infrabot_init=; read -r __infrabot_init < /proc/1/comm 2> /dev/null
while IFS= read -r -d '' __infrabot_header && IFS= read -r -d '' __infrabot_command; do
  printf '%s\\n' "$__infrabot_header"
  if [ -f "$__infrabot_state/env" ]; then
    ( exec -c "$__infrabot_bash" -c "$__infrabot_step" infrabot-step "$__infrabot_state" "$__infrabot_command" ) 3>&- < /dev/null
  else
    "$__infrabot_bash" -c "$__infrabot_step" infrabot-step "$__infrabot_state" "$__infrabot_command" 3>&- < /dev/null
  fi
  __infrabot_rc=$?
  if [ "$__infrabot_init" = bwrap ]; then kill -KILL -1 2> /dev/null; fi
  printf '%s\\n' "$__infrabot_rc" >&3
done
`;

/** How one command ended: its exit status, or the shell's end when the shell ended before reporting one. */
export type ShellCommandEnd = { exitCode: number } | { shellEnded: ProcessEnd };

/** The driver's side of the step shell: sends commands, reads their statuses, starts the shell again if it died. */
export class StepShell {
  private shell: ControlledProcess | undefined;
  private pending = '';
  private statuses: number[] = [];
  private wake: (() => void) | undefined;
  private ended: ProcessEnd | undefined;

  /** `start` starts the shell with `SHELL_SCRIPT` (wrapped in the sandbox). */
  constructor(private readonly start: () => ControlledProcess) {}

  async run(header: string, command: string): Promise<ShellCommandEnd> {
    if (header.includes('\0') || command.includes('\0')) throw new Error('a build command cannot hold a NUL byte');
    const shell = this.current();
    shell.input.write(`${header}\0${command}\0`);
    for (;;) {
      const exitCode = this.statuses.shift();
      if (exitCode !== undefined) return { exitCode };
      if (this.ended !== undefined) {
        const shellEnded = this.ended;
        this.shell = undefined;
        return { shellEnded };
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
    this.statuses = [];
    this.ended = undefined;
    shell.reports.setEncoding('utf8');
    shell.reports.on('data', (chunk: string) => {
      const lines = (this.pending + chunk).split('\n');
      this.pending = lines.pop() ?? '';
      for (const line of lines) this.statuses.push(Number.parseInt(line, 10));
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
