import type { ControlledProcess, ProcessEnd } from './run-process';

/**
 * The shell that runs a sandboxed build's commands, started once for the build (one `bwrap`, one bash) rather than
 * once for every command, with an empty environment of its own. It reads each command from its stdin (a pipe from
 * the driver, never a file: nothing the build writes changes what runs next), with the environment and directory
 * the previous command left (for the first, the build's environment), prints its log header, and runs it in a
 * subshell of its own (so `exit` ends only that command, and nothing the command sets reaches the next one but what
 * it exports): a fork, not a new bash, on the way to each command. The subshell takes the environment it is given
 * over the one bash exports by itself (so a variable a command unset stays unset), and its directory, and runs the
 * command with stdin from `/dev/null`; its exit trap writes what the command left on descriptor 3, the pipe to the
 * driver, which the command runs without, so no program it starts inherits it. (When the command calls `exit`,
 * bash runs the trap before it puts descriptor 3 back: meanwhile it keeps it in a descriptor of its own above 9,
 * closed on exec, which the trap finds as the first socket there: the shell runs from a copy of bash it cannot
 * read, so that nothing in the sandbox can reach it, and the subshell can no longer look at the shell's own
 * descriptors. A command that opens a socket of its own there only loses its own environment.) The shell then kills
 * whatever the command left behind and writes the exit status on the same pipe. The environment never touches a
 * file any build sees: the driver keeps it in memory (see step-executor.ts).
 *
 * Leftovers are killed with `kill -KILL -1`, which inside the sandbox's PID namespace reaches only the build's own
 * processes; the shell checks that its PID 1 is bwrap's before it does (outside a namespace it would reach all
 * of the user's processes), and otherwise leaves them to the end of the build, when the group is killed.
 *
 * Commands come as three NUL-terminated fields: header, command, the environment to start from (`export`
 * statements, as `exportStatements` writes them or as bash's `export -p` prints them, and the directory). Reports
 * go back as two: the environment left (empty when the command was killed before its trap saved one), then the
 * exit status, each NUL-terminated (the trap writes the first field's text, the shell its end and the status, once
 * the command's leftovers are dead). `$0` in a command is `infrabot-step`, as bash's messages name it.
 */
export const SHELL_SCRIPT = `__infrabot_init=; read -r __infrabot_init < /proc/1/comm 2> /dev/null
while IFS= read -r -d '' __infrabot_header && IFS= read -r -d '' __infrabot_command && IFS= read -r -d '' __infrabot_env; do
  printf '%s\\n' "$__infrabot_header"
  (
    BASH_ARGV0=infrabot-step
    unset -v OLDPWD SHLVL
    eval "$__infrabot_env" 2> /dev/null
    if [ -n "\${__infrabot_cwd+set}" ]; then cd "$__infrabot_cwd" || exit 70; fi
    unset __infrabot_init __infrabot_header __infrabot_env __infrabot_cwd __infrabot_rc
    __infrabot_left() { export -p; printf "__infrabot_cwd=%q\\n" "$PWD"; }
    __infrabot_report() {
      { __infrabot_left; } 2> /dev/null >&3 && return
      local fd
      for fd in {10..99}; do
        if [ -S "/proc/$BASHPID/fd/$fd" ]; then __infrabot_left >&"$fd"; return; fi
      done
    }
    trap '__infrabot_rc=$?; __infrabot_report; exit $__infrabot_rc' EXIT
    eval "$__infrabot_command" 3>&-
  ) < /dev/null
  __infrabot_rc=$?
  if [ "$__infrabot_init" = bwrap ]; then kill -KILL -1 2> /dev/null; fi
  printf '\\0%s\\0' "$__infrabot_rc" >&3
done
`;

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An environment as bash `export` statements, each value single-quoted (nothing in it is expanded). Names bash
 * cannot hold as variables (exported functions among them) are left out.
 */
export function exportStatements(env: NodeJS.ProcessEnv): string {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && variableName.test(entry[0]))
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'\n`)
    .join('');
}

/** How one command ended: its exit status, or the shell's end when it ended first. */
export type ShellCommandEnd = { exitCode: number } | { shellEnded: ProcessEnd };

/**
 * What a command whose shell died under it (the command killed it) left, when its trap wrote all of it before the
 * sandbox ended: the trap's last line is the directory. Anything cut short is dropped, and the next command starts
 * from the last environment saved.
 */
function completeEnv(written: string): string {
  return /(^|\n)__infrabot_cwd=[^\n]*\n$/.test(written) ? written : '';
}

/**
 * The driver's side of the step shell: sends commands, each with the environment the previous one left (kept here,
 * in memory), reads their statuses, starts the shell again if it died.
 */
export class StepShell {
  private shell: ControlledProcess | undefined;
  private pending = '';
  private fields: string[] = [];
  private reports: { exitCode: number; env: string }[] = [];
  private wake: (() => void) | undefined;
  private ended: ProcessEnd | undefined;
  /** What the next command starts from: the build's environment, then what each command left. */
  private env: string;

  /**
   * `start` starts the shell with `SHELL_SCRIPT` (wrapped in the sandbox); `env` is the build's environment, as
   * `exportStatements` writes it.
   */
  constructor(
    private readonly start: () => ControlledProcess,
    env: string,
  ) {
    this.env = env;
  }

  /** Runs `command` from the environment the previous command left (a command killed before it saved one leaves none). */
  async run(header: string, command: string): Promise<ShellCommandEnd> {
    if ([header, command, this.env].some((field) => field.includes('\0'))) {
      throw new Error('a build command cannot hold a NUL byte');
    }
    const shell = this.current();
    shell.input.write(`${header}\0${command}\0${this.env}\0`);
    for (;;) {
      const report = this.reports.shift();
      if (report !== undefined) {
        this.keep(report.env);
        return { exitCode: report.exitCode };
      }
      if (this.ended !== undefined) {
        const shellEnded = this.ended;
        this.shell = undefined;
        this.keep(completeEnv(this.pending));
        return { shellEnded };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private keep(env: string): void {
    if (env !== '') this.env = env;
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
