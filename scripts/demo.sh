#!/usr/bin/env bash
# The main job end to end in a throwaway directory: create a vault, seal secrets from a
# pipe, list them (names only), and check the vault. Usage: scripts/demo.sh path/to/sealvault
set -euo pipefail
bin=$(realpath "$1")
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cd "$demo"
export HOME="$demo/home"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step sealvault init
"$bin" init
step "printf 'sk-live-123' | sealvault set API_KEY"
printf 'sk-live-123' | "$bin" set API_KEY
step "echo https://hooks.example/T0/B0 | sealvault set SLACK_WEBHOOK"
echo https://hooks.example/T0/B0 | "$bin" set SLACK_WEBHOOK
step "printf 'deploy-only' | sealvault set -w deploy DEPLOY_TOKEN"
printf 'deploy-only' | "$bin" set -w deploy DEPLOY_TOKEN
step "sealvault list -w deploy"
"$bin" list -w deploy
step "cat vault/global.yaml   # names in clear, values sealed"
cat vault/global.yaml
step "sealvault check --open   # every file valid, every token opens (no values printed)"
"$bin" check --open
step "cat action.json   # a custom action with placeholders"
printf '{"url": "@{SLACK_WEBHOOK}", "auth": "Bearer @{API_KEY}", "deploy": "@{DEPLOY_TOKEN}", "gone": "@{OLD_KEY}"}\n' > action.json
cat action.json
step "sealvault refs -w deploy action.json   # no key needed: what each placeholder resolves to"
"$bin" refs -w deploy action.json || echo "(exit $?: OLD_KEY is UNKNOWN)"
step "sealvault render -w deploy action.json | cat   # values JSON-escaped for a .json template"
"$bin" render -w deploy action.json | cat
step "sealvault run -w deploy --mask -- sh -c 'echo \"token is \$DEPLOY_TOKEN\"'"
"$bin" run -w deploy --mask -- sh -c 'echo "token is $DEPLOY_TOKEN"'
