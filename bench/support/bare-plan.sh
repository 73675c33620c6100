#!/usr/bin/env bash
# The unavoidable steps of a plan from Slack, with nothing around them: ask the origin for the branch, check
# its commit out in a fresh worktree, run terraform version/init/plan/show, post and update one Slack message.
# Usage: bare-plan.sh <clone> <new worktree path> <Slack API base URL>; prints the planned commit.
set -euo pipefail
clone="$1" worktree="$2" api="$3"
git -C "$clone" fetch --quiet origin main
sha="$(git -C "$clone" rev-parse FETCH_HEAD)"
git -C "$clone" worktree add --quiet --detach "$worktree" "$sha"
posted="$(curl -fsS -X POST "${api}chat.postMessage" -d channel=CBENCH -d "text=plan of local/demo at $sha")"
ts="$(sed -n 's/.*"ts":"\([^"]*\)".*/\1/p' <<<"$posted")"
cd "$worktree/stacks/demo"
terraform version > /dev/null
terraform init -input=false -no-color > /dev/null
status=0
terraform plan -input=false -out=tfplan -detailed-exitcode -no-color > /dev/null || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
terraform show -json tfplan > plan.json
terraform show -no-color tfplan > plan.txt
curl -fsS -X POST "${api}chat.update" -d channel=CBENCH -d "ts=$ts" -d "text=plan of local/demo at $sha: 1 to add" > /dev/null
echo "$sha"
