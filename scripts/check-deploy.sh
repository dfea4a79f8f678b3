#!/usr/bin/env bash
# Checks the recipes in deploy/ as far as this machine allows, and shows each checker catching a
# planted error (a checker that passes everything proves nothing):
#   systemd units   systemd-analyze verify (the binary path pointed at the built one), the alert
#                   template too; the service has OnFailure= (to a template in deploy/systemd),
#                   MemoryMax=, a place for secrets, and home folders readable
#   workflow        actionlint; every action pinned to a commit; pages/id-token write only in the
#                   deploy job
#   Dockerfile      hadolint (deploy/.hadolint.yaml); its run stage installs what the release
#                   binary links and loads (ldd, dpkg -S) and what the deploy scripts it carries
#                   call; every path it copies is in git
#   deploy scripts  shellcheck; rsync.sh run against local folders and s3.sh against a local S3
#                   (moto): a site as publish writes it, the day after: no page is sent before a
#                   file it links to (scripts/check-deploy-order.py), the copy equals the site,
#                   and s3.sh does not upload what a symbolic link in the site points to
#   cron line       five time fields, a user and a command that names `marketbrief daily`; its
#                   log is rotated once past its size cap (logrotate)
# Needs: systemd, shellcheck, rsync, logrotate (Debian); actionlint, hadolint, moto, awscli
# (PyPI); a built marketbrief and the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${MARKETBRIEF_BINARY:-.build/debug/marketbrief}
work=$(mktemp -d)
moto_pid=""
trap '[ -z "$moto_pid" ] || kill "$moto_pid" 2>/dev/null; rm -rf "$work"' EXIT

# Runs "$@" and fails unless it succeeds; with "planted", fails unless it fails.
expect() {
    local want=$1 what=$2; shift 2
    if "$@" >"$work/out" 2>&1; then got=pass; else got=fail; fi
    if [ "$got" != "$want" ]; then
        echo "check-deploy: $what: expected $want, got $got"; cat "$work/out"; exit 1
    fi
    echo "check-deploy: $what: $got (as expected)"
}

# systemd: verify runs `man` for Documentation= and checks ExecStart's binary exists.
mkdir -p "$work/man/man1" "$work/units" "$work/planted"
cp docs/man/marketbrief.1 "$work/man/man1/"
sed "s|/usr/local/bin/marketbrief|$(realpath "$binary")|" deploy/systemd/marketbrief-daily.service >"$work/units/marketbrief-daily.service"
cp deploy/systemd/marketbrief-daily.timer "$work/units/"
expect pass "systemd units" env MANPATH="$work/man" systemd-analyze verify "$work/units/marketbrief-daily.service" "$work/units/marketbrief-daily.timer"
sed 's/^OnCalendar=.*/OnCalendar=every morning/' deploy/systemd/marketbrief-daily.timer >"$work/planted/marketbrief-daily.timer"
expect fail "systemd timer with a planted bad OnCalendar" env MANPATH="$work/man" systemd-analyze verify "$work/planted/marketbrief-daily.timer"
# The alert template, as the instance the service's OnFailure= starts.
cp deploy/systemd/marketbrief-alert@.service "$work/units/marketbrief-alert@marketbrief-daily.service"
expect pass "systemd alert unit" env MANPATH="$work/man" systemd-analyze verify "$work/units/marketbrief-alert@marketbrief-daily.service"
sed 's|^ExecStart=/bin/sh |ExecStart=/bin/shh |' deploy/systemd/marketbrief-alert@.service >"$work/planted/marketbrief-alert@marketbrief-daily.service"
expect fail "systemd alert unit with a planted missing program" env MANPATH="$work/man" systemd-analyze verify "$work/planted/marketbrief-alert@marketbrief-daily.service"

# What verify does not look at: OnFailure='s unit is there (verify does not load it), a memory
# cap, a place for secrets other than the project file, and ~/.ssh readable for rsync.sh.
service_recipe() {
    local unit=$1 alert
    alert=$(sed -n 's/^OnFailure=\(.*\)@%n\.service$/\1@.service/p' "$unit")
    if [ -z "$alert" ] || [ ! -f "deploy/systemd/$alert" ]; then
        echo "no OnFailure= naming a template in deploy/systemd"; return 1
    fi
    grep -q '^MemoryMax=' "$unit" || { echo "no MemoryMax="; return 1; }
    grep -Eq '^(LoadCredential|EnvironmentFile)=' "$unit" \
        || { echo "no LoadCredential= or EnvironmentFile= for secrets"; return 1; }
    if grep -Eq '^ProtectHome=(yes|true)$' "$unit"; then
        echo "ProtectHome=yes hides the ~/.ssh rsync.sh may log in with"; return 1
    fi
}
service=deploy/systemd/marketbrief-daily.service
expect pass "systemd service: OnFailure=, MemoryMax=, secrets, home readable" service_recipe "$service"
sed 's/^OnFailure=marketbrief-alert@/OnFailure=marketbrief-alarm@/' "$service" >"$work/planted/onfailure.service"
expect fail "systemd service with a planted OnFailure= to a unit that is not there" service_recipe "$work/planted/onfailure.service"
sed '/^MemoryMax=/d' "$service" >"$work/planted/memory.service"
expect fail "systemd service with a planted missing MemoryMax=" service_recipe "$work/planted/memory.service"
sed -E '/^(LoadCredential|EnvironmentFile)=/d' "$service" >"$work/planted/secrets.service"
expect fail "systemd service with planted missing LoadCredential=/EnvironmentFile=" service_recipe "$work/planted/secrets.service"
sed 's/^ProtectHome=.*/ProtectHome=yes/' "$service" >"$work/planted/home.service"
expect fail "systemd service with a planted ProtectHome=yes" service_recipe "$work/planted/home.service"

# GitHub Actions workflow.
expect pass "workflow" actionlint deploy/github-actions/marketbrief-daily.yml
sed 's/github.workspace/github.workspacee/' deploy/github-actions/marketbrief-daily.yml >"$work/planted/workflow.yml"
expect fail "workflow with a planted unknown context property" actionlint "$work/planted/workflow.yml"

# Every action pinned to a full commit, its release in a comment (a tag can be moved).
actions_pinned() {
    local loose
    loose=$(grep -nE '^[[:space:]-]*uses:' "$1" | grep -vE 'uses: [^@[:space:]]+@[0-9a-f]{40} # v[0-9][0-9.]*$') || true
    [ -z "$loose" ] || { echo "not pinned to a commit: $loose"; return 1; }
}
workflow=deploy/github-actions/marketbrief-daily.yml
expect pass "workflow: every action pinned to a commit" actions_pinned "$workflow"
sed -E 's|actions/checkout@[0-9a-f]{40} # v[0-9.]+|actions/checkout@v6|' "$workflow" >"$work/planted/workflow.yml"
expect fail "workflow with a planted action pinned to a tag" actions_pinned "$work/planted/workflow.yml"

# pages: write and id-token: write (publishing to Pages) only in the job that deploys.
pages_grants_in_deploy_only() {
    awk '/^[^[:space:]#]/ { top = $1; job = "" }
         top == "jobs:" && /^  [^[:space:]#]/ { job = $1 }
         /^[[:space:]]*(pages|id-token):[[:space:]]*write/ && job != "deploy:" { print FILENAME ":" FNR ": " $0; bad = 1 }
         /permissions:[[:space:]]*write-all/ { print FILENAME ":" FNR ": " $0; bad = 1 }
         END { exit bad }' "$1"
}
expect pass "workflow: pages/id-token write granted to the deploy job only" pages_grants_in_deploy_only "$workflow"
sed '0,/^      contents: read$/s//      contents: read\n      pages: write/' "$workflow" >"$work/planted/workflow.yml"
expect fail "workflow with a planted pages: write in the brief job" pages_grants_in_deploy_only "$work/planted/workflow.yml"

# Dockerfile.
expect pass "Dockerfile" hadolint --config deploy/.hadolint.yaml deploy/Dockerfile
sed 's/apt-get install -y --no-install-recommends libxml2 /apt-get install -y libxml2 /' deploy/Dockerfile >"$work/planted/Dockerfile"
expect fail "Dockerfile with a planted apt-get install without --no-install-recommends" hadolint --config deploy/.hadolint.yaml "$work/planted/Dockerfile"

# The Dockerfile's last stage runs the release binary: every library it is linked with, and the
# two it loads when needed (libxml2.so.2, libcurl.so.4: Sources/*Loader), must come from a
# package that stage installs or from debian:bookworm-slim itself (libc6, libgcc-s1, libstdc++6).
runtime_libraries_installed() {
    local dockerfile=$1 installed missing=() soname package
    installed=" libc6 libgcc-s1 libstdc++6 $(grep 'apt-get install' "$dockerfile" | tail -n 1) "
    for soname in $(ldd "$release" | awk '$2 == "=>" { print $1 }') libxml2.so.2 libcurl.so.4; do
        package=$(dpkg -S "*/$soname" | head -n 1 | cut -d: -f1)
        [[ $installed == *" $package "* ]] || missing+=("$soname ($package)")
    done
    [ ${#missing[@]} -eq 0 ] || { echo "not installed by the Dockerfile's last stage: ${missing[*]}"; return 1; }
}
release=${MARKETBRIEF_RELEASE_BINARY:-.build/release/marketbrief}
[ -x "$release" ] || { echo "check-deploy: build the release binary first (swift build -c release)"; exit 1; }
expect pass "Dockerfile's run stage has every library of the release binary" runtime_libraries_installed deploy/Dockerfile
sed 's/ libjemalloc2 / /' deploy/Dockerfile >"$work/planted/Dockerfile"
expect fail "Dockerfile with a planted missing libjemalloc2" runtime_libraries_installed "$work/planted/Dockerfile"

# The image is built from a clean clone: every path COPY or ADD takes from the context is in git
# (Package.resolved once was not: a global ignore rule kept it out).
copy_sources_in_git() {
    local source missing=()
    while read -r source; do
        git ls-files --error-unmatch -- "$source" >/dev/null 2>&1 || missing+=("$source")
    done < <(awk 'toupper($1) == "COPY" || toupper($1) == "ADD" {
                      from = 0; n = 0
                      for (i = 2; i <= NF; i++) { if ($i ~ /^--from=/) from = 1; else if ($i !~ /^--/) args[++n] = $i }
                      if (!from) for (i = 1; i < n; i++) print args[i] }' "$1")
    [ ${#missing[@]} -eq 0 ] || { echo "copied but not in git: ${missing[*]}"; return 1; }
}
expect pass "Dockerfile copies only paths in git" copy_sources_in_git deploy/Dockerfile
sed 's/^COPY Package.swift Package.resolved /COPY Package.swift Package.resolved Package.lock /' deploy/Dockerfile >"$work/planted/Dockerfile"
expect fail "Dockerfile with a planted COPY of a path not in git" copy_sources_in_git "$work/planted/Dockerfile"

# The deploy scripts the image carries find what they call: rsync (and ssh, its remote shell),
# the AWS CLI.
deploy_tools_installed() {
    local dockerfile=$1 installed script package need=() missing=()
    installed=" $(grep 'apt-get install' "$dockerfile" | tail -n 1) "
    while read -r script; do
        if grep -v '^ *#' "$script" | grep -qw rsync; then need+=(rsync openssh-client); fi
        if grep -v '^ *#' "$script" | grep -qw aws; then need+=(awscli); fi
    done < <(grep '^COPY ' "$dockerfile" | grep -o 'deploy/[A-Za-z0-9_.-]*\.sh')
    [ ${#need[@]} -gt 0 ] || { echo "the image carries no deploy script"; return 1; }
    for package in "${need[@]}"; do
        [[ $installed == *" $package "* ]] || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] || { echo "not installed by the Dockerfile's last stage: ${missing[*]}"; return 1; }
}
expect pass "Dockerfile's run stage has what its deploy scripts call" deploy_tools_installed deploy/Dockerfile
sed 's/ openssh-client / /' deploy/Dockerfile >"$work/planted/Dockerfile"
expect fail "Dockerfile with a planted missing openssh-client" deploy_tools_installed "$work/planted/Dockerfile"

# Deploy scripts.
expect pass "deploy scripts (shellcheck)" shellcheck deploy/rsync.sh deploy/s3.sh
printf '#!/bin/sh\nrm -rf $1/\n' >"$work/planted/bad.sh"
expect fail "a script with a planted unquoted variable" shellcheck "$work/planted/bad.sh"

# rsync.sh against local folders: the copy equals the site; a page gone from the site goes.
mkdir -p "$work/site/briefs/BTC/2025-08-26" "$work/served"
echo home >"$work/site/index.html"; echo day >"$work/site/briefs/BTC/2025-08-26/index.html"
echo old >"$work/served/gone.html"
expect pass "rsync.sh to a local folder" env MARKETBRIEF_SITE="$work/site" deploy/rsync.sh "$work/served/"
expect pass "the served copy equals the site" diff -r "$work/site" "$work/served"

# A site as publish writes it (the sample), served with two days, deployed with a third: a new
# brief and diff page; the previous day's brief, the asset's page, the archive, the home page, the
# feed and the sitemaps changed to link to them.
base_url=https://example.org/briefs/
marketbrief=$(realpath "$release")
mkdir -p "$work/desk"
(
    export MARKETBRIEF_HOME="$PWD"
    cd "$work/desk"
    "$marketbrief" backfill --from 2025-08-24 --to 2025-08-25 --asset BTC --quiet
    "$marketbrief" publish --base-url "$base_url" --quiet
    cp -a output/site "$work/site1"
    "$marketbrief" backfill --from 2025-08-26 --to 2025-08-26 --asset BTC --quiet
    "$marketbrief" publish --base-url "$base_url" --quiet
)
site2=$work/desk/output/site

# The deploy commands, run through shims that mark each rsync or `aws s3 sync` run as a pass.
mkdir -p "$work/shim"
printf '#!/bin/sh\necho "--- pass"\nexec %s --out-format=%%n "$@"\n' "$(command -v rsync)" >"$work/shim/rsync"
printf '#!/bin/sh\n[ "$2" != sync ] || echo "--- pass"\nexec %s "$@"\n' "$(command -v aws)" >"$work/shim/aws"
chmod +x "$work/shim/rsync" "$work/shim/aws"

rsync_deploys_in_order() {
    local script=$1
    rm -rf "$work/served" && cp -a "$work/site1" "$work/served"
    PATH="$work/shim:$PATH" MARKETBRIEF_SITE="$site2" "$script" "$work/served/" >"$work/sent"
    scripts/check-deploy-order.py "$work/site1" "$site2" "$work/sent" "$base_url" && diff -r "$site2" "$work/served"
}
expect pass "rsync.sh sends a page after what it links to" rsync_deploys_in_order deploy/rsync.sh
sed '/--ignore-existing/d' deploy/rsync.sh >"$work/planted/rsync.sh" && chmod +x "$work/planted/rsync.sh"
expect fail "rsync.sh with its new-pages pass removed (planted)" rsync_deploys_in_order "$work/planted/rsync.sh"

# s3.sh against a local S3 (moto): the second deploy's site holds a symbolic link to a file
# outside it, which must not be uploaded.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
for _ in $(seq 100); do aws s3 ls >/dev/null 2>&1 && break; sleep 0.2; done
echo "not for readers" >"$work/outside.txt"
buckets=0
s3_deploys_in_order() {
    local script=$1 bucket
    buckets=$((buckets + 1)); bucket=s3://site-$buckets/briefs
    aws s3 mb "${bucket%/briefs}" >/dev/null
    MARKETBRIEF_SITE="$work/site1" "$script" "$bucket" >/dev/null
    rm -rf "$work/s3site" && cp -a "$site2" "$work/s3site"
    # publish writes a changed page anew, after the last deploy (sync compares sizes and times).
    sleep 1
    (cd "$work/s3site" && find . -type f | while read -r file; do cmp -s "$file" "$work/site1/$file" || touch "$file"; done)
    ln -s "$work/outside.txt" "$work/s3site/linked.txt"
    PATH="$work/shim:$PATH" MARKETBRIEF_SITE="$work/s3site" "$script" "$bucket" >"$work/uploads"
    sed -n -e '/^--- pass$/p' -e "s|^upload: .*s3site/\(.*\) to s3://.*|\1|p" "$work/uploads" >"$work/sent"
    rm -rf "$work/bucket" && aws s3 sync "$bucket" "$work/bucket" --no-progress >/dev/null
    if [ -e "$work/bucket/linked.txt" ]; then echo "uploaded linked.txt, a symbolic link to a file outside the site"; return 1; fi
    scripts/check-deploy-order.py "$work/site1" "$site2" "$work/sent" "$base_url" && diff -r "$site2" "$work/bucket"
}
expect pass "s3.sh uploads a page after what it links to, and no link's target" s3_deploys_in_order deploy/s3.sh
sed 's/ --no-follow-symlinks//' deploy/s3.sh >"$work/planted/s3.sh" && chmod +x "$work/planted/s3.sh"
expect fail "s3.sh following symbolic links (planted)" s3_deploys_in_order "$work/planted/s3.sh"
sed '/sync --exclude .\*. "\$@"/d' deploy/s3.sh >"$work/planted/s3.sh"
expect fail "s3.sh with its new-pages pass removed (planted)" s3_deploys_in_order "$work/planted/s3.sh"

# The cron line.
cron_line=$(grep -v '^#' deploy/cron | grep -v '=' | grep -v '^$')
expect pass "cron line" sh -c "echo '$cron_line' | awk 'NF >= 7 && \$6 == \"marketbrief\" && /marketbrief daily/ { ok = 1 } END { exit !ok }'"

# Its log, rotated by deploy/logrotate: a log past the size cap is rotated on the next run of
# logrotate, before its weekly turn (the log and user pointed at a temporary folder and this one).
log_rotated_past_its_cap() {
    local conf=$1 dir=$work/logrotate
    rm -rf "$dir" && mkdir -p "$dir"
    head -c 2000000 /dev/zero >"$dir/daily.log"
    sed -e "s|/srv/marketbrief/daily.log|$dir/daily.log|" -e "s/marketbrief marketbrief/$(id -un) $(id -gn)/g" "$conf" >"$dir/logrotate.conf"
    logrotate --state "$dir/state" "$dir/logrotate.conf"
    [ -f "$dir/daily.log.1" ] || { echo "a 2 MB log was not rotated"; return 1; }
}
expect pass "cron's log rotated past its size cap" log_rotated_past_its_cap deploy/logrotate
sed '/maxsize/d' deploy/logrotate >"$work/planted/logrotate"
expect fail "logrotate snippet with a planted missing size cap" log_rotated_past_its_cap "$work/planted/logrotate"
