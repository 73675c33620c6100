import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhaseSteps } from '../../core/buildspec/steps';
import { describeCommand } from '../../core/buildspec/steps';

// Restores the previous command's environment and directory, runs the command, and saves both on exit
// (also when the command calls `exit`). Arguments: the state directory and the command file.
const STEP_SCRIPT = `__infrabot_state="$1"; __infrabot_command="$2"; set --
if [ -f "$__infrabot_state/env" ]; then . "$__infrabot_state/env" 2> /dev/null; fi
if [ -f "$__infrabot_state/cwd" ]; then
  IFS= read -r __infrabot_cwd < "$__infrabot_state/cwd" && cd "$__infrabot_cwd" || exit 70
  unset __infrabot_cwd
fi
trap '__infrabot_rc=$?; (umask 077; export -p > "$__infrabot_state/env"; pwd > "$__infrabot_state/cwd"); exit $__infrabot_rc' EXIT
. "$__infrabot_command"
`;

// The driver runs every command in order and writes how the build ended to the result file, so that the end
// is known even when the bot that started it is gone. Before each command it checks for a stop request.
// After the first command the saved environment is the whole environment (so `unset` carries over too).
const DRIVER_HEAD = `__state="$1"; __result="$2"; __bash="$3"; set --
__failure=""; __build_ran=0
__step() {
  if [ -e "$__state/stop" ]; then printf 'stopped\\n' > "$__result"; exit 0; fi
  printf '[infrabot] %s: %s\\n' "$1" "$(cat "$__state/c$2.desc")"
  if [ -f "$__state/env" ]; then env -i "$__bash" "$__state/step.sh" "$__state" "$__state/c$2.sh"
  else "$__bash" "$__state/step.sh" "$__state" "$__state/c$2.sh"; fi
}
`;

const DRIVER_TAIL = `if [ -e "$__state/stop" ]; then printf 'stopped\\n' > "$__result"
elif [ -n "$__failure" ]; then printf 'failed %s\\n' "$__failure" > "$__result"
else printf 'ok\\n' > "$__result"; fi
`;

/** One phase of the driver: `commands` until one fails, then always `finally`, as CodeBuild does. */
function phaseScript(phase: PhaseSteps, first: number): { script: string; next: number } {
  let index = first;
  const lines: string[] = [];
  // post_build still runs after a failed build; nothing else runs after a failure.
  const runs = phase.phase === 'post_build' ? '[ -z "$__failure" ] || [ "$__build_ran" = 1 ]' : '[ -z "$__failure" ]';
  lines.push(`if ${runs}; then`, '  __pf=""');
  if (phase.phase === 'build') lines.push('  __build_ran=1');
  for (const _command of phase.commands) {
    lines.push(
      `  if [ -z "$__pf" ]; then __step ${phase.phase} ${index}; __rc=$?; [ $__rc -ne 0 ] && __pf="${phase.phase} $__rc ${index}"; fi`,
    );
    index += 1;
  }
  for (const _command of phase.finally) {
    lines.push(
      `  __step ${phase.phase} ${index}; __rc=$?; [ $__rc -ne 0 ] && [ -z "$__pf" ] && __pf="${phase.phase} $__rc ${index}"`,
    );
    index += 1;
  }
  if (!phase.continueOnFailure) lines.push('  [ -n "$__pf" ] && [ -z "$__failure" ] && __failure="$__pf"');
  lines.push('fi');
  return { script: `${lines.join('\n')}\n`, next: index };
}

/**
 * Writes the build's driver into `stateDir`: `driver.sh`, the step wrapper, and each command with its
 * description (`c<N>.sh`, `c<N>.desc`, numbered across phases, commands before `finally`).
 */
export async function writeBuildDriver(stateDir: string, phases: readonly PhaseSteps[]): Promise<void> {
  let script = DRIVER_HEAD;
  let index = 0;
  const files: Array<[string, string]> = [['step.sh', STEP_SCRIPT]];
  for (const phase of phases) {
    for (const command of [...phase.commands, ...phase.finally]) {
      files.push([`c${index}.sh`, `${command}\n`], [`c${index}.desc`, describeCommand(command)]);
      index += 1;
    }
  }
  index = 0;
  for (const phase of phases) {
    const part = phaseScript(phase, index);
    script += part.script;
    index = part.next;
  }
  files.push(['driver.sh', script + DRIVER_TAIL]);
  await Promise.all(files.map(([name, text]) => writeFile(join(stateDir, name), text, { mode: 0o600 })));
}
