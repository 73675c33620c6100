import { terraformScriptDir } from './terraform-script';

/** The real terraform the wrapper hands over to. */
export const realTerraform = '/usr/local/bin/terraform';

/**
 * A directory holding a `terraform` to put first on the bot's PATH: the real one, except that `init`, `plan` and
 * `apply` first run `$STANDIN_RUN_INIT`, `$STANDIN_RUN_PLAN`, `$STANDIN_RUN_APPLY`, as the planned branch's own code
 * would (a module source, an `external` data source, a provider), and a plan exits with `$STANDIN_EXIT_PLAN` when
 * it is set.
 */
export function terraformRunningPlannedCode(): string {
  return terraformScriptDir('tf-bin', [
    '#!/bin/sh',
    'for arg in "$@"; do',
    '  case "$arg" in',
    '    init) [ -z "$STANDIN_RUN_INIT" ] || sh -c "$STANDIN_RUN_INIT" ;;',
    '    plan) [ -z "$STANDIN_RUN_PLAN" ] || sh -c "$STANDIN_RUN_PLAN"; [ -z "$STANDIN_EXIT_PLAN" ] || exit "$STANDIN_EXIT_PLAN" ;;',
    '    apply) [ -z "$STANDIN_RUN_APPLY" ] || sh -c "$STANDIN_RUN_APPLY" ;;',
    '  esac',
    'done',
    `exec ${realTerraform} "$@"`,
  ]);
}

/**
 * A directory holding a `terraform` to put first on the bot's PATH: the real one, except that once a plan has
 * run, `afterPlan` (shell lines) runs before it exits with the plan's status: what a process the planned branch's
 * code left behind does to the saved plan when it wins the race with the step's end.
 */
export function terraformChangingEachSavedPlan(prefix: string, afterPlan: readonly string[]): string {
  return terraformScriptDir(prefix, [
    '#!/bin/sh',
    `case " $* " in *" plan "*) ;; *) exec ${realTerraform} "$@" ;; esac`,
    `${realTerraform} "$@"; status=$?`,
    ...afterPlan,
    'exit $status',
  ]);
}
