import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStandInPlanFileScript } from './stand-in-plan-file';

/**
 * A stand-in `terraform` (bash) whose slow subcommand (`STANDIN_SLOW`: plan or apply) runs for
 * `STANDIN_SLOW_SECONDS` (default 60) unless interrupted. On SIGINT it does what Terraform does: says so, takes
 * `STANDIN_INT_SECONDS` (default 0) to finish and write its state, and exits 1. Every event goes to
 * `$STANDIN_EVENTS` as one line: `start <subcommand> <pid>`, `interrupted <subcommand>`, `end <subcommand>`.
 * `show -json` prints `$STANDIN_PLAN_JSON` (a plan with changes, so that the plan offers Apply).
 */
// `%{` stands for the shell's `${`, which a template literal would read as its own.
const script = `#!/bin/bash
sub=""
for arg in "$@"; do case "$arg" in -chdir=*) cd "%{arg#-chdir=}" || exit 1 ;; -*) ;; *) [ -z "$sub" ] && sub="$arg" ;; esac; done
echo "start $sub $$" >> "$STANDIN_EVENTS"
finish() { echo "end $sub" >> "$STANDIN_EVENTS"; exit "$1"; }
if [ "$sub" = "$STANDIN_SLOW" ]; then
  trap 'kill "$sleeper" 2> /dev/null; echo "interrupted $sub" >> "$STANDIN_EVENTS"; echo "Interrupt received. Gracefully shutting down..."; sleep "%{STANDIN_INT_SECONDS:-0}"; finish 1' INT
  sleep "%{STANDIN_SLOW_SECONDS:-60}" > /dev/null 2>&1 &
  sleeper=$!
  wait "$sleeper"
fi
case "$sub" in
  init) echo "Terraform has been successfully initialized!"; finish 0 ;;
  plan) for arg in "$@"; do case "$arg" in -out=*) node "$(dirname "$0")/stand-in-plan-file.cjs" "%{arg#-out=}" ;; esac; done
        echo "Plan: 1 to add, 0 to change, 0 to destroy."; finish 2 ;;
  show) if [ "$2" = "-json" ] || [ "$3" = "-json" ]; then cat "$STANDIN_PLAN_JSON"; else echo "stand-in plan text"; fi; finish 0 ;;
  apply) echo "Apply complete! Resources: 1 added, 0 changed, 0 destroyed."; finish 0 ;;
esac
finish 0
`.replaceAll('%{', '${');

/** Writes the stand-in as `<dir>/terraform` (put `dir` first on PATH); returns the path of its events file. */
export function writeInterruptibleTerraform(dir: string): string {
  const file = join(dir, 'terraform');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  writeStandInPlanFileScript(dir);
  return join(dir, 'events.txt');
}

/** The events recorded so far, one a line. */
export function readEventLines(eventsFile: string): string[] {
  return existsSync(eventsFile) ? readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean) : [];
}

/** The pid the stand-in recorded when its `subcommand` started, if it has. */
export function startedPid(eventsFile: string, subcommand: string): number | undefined {
  const line = readEventLines(eventsFile).find((event) => event.startsWith(`start ${subcommand} `));
  return line === undefined ? undefined : Number(line.split(' ')[2]);
}
