#!/bin/sh
# Deploys the site to an S3 bucket (served directly or through a CDN) with the AWS CLI, in an
# order that keeps every served page's links working: a page is uploaded only after the files it
# links to. The CLI uploads the files of one `aws s3 sync` in parallel, in no set order, so each
# kind goes in a sync of its own:
#   1. new and changed files that are not pages (the stylesheet, images);
#   2. new pages (a new day's brief and diff pages, a new month's archive page), found by listing
#      the bucket: they link to each other and to what is served, and nothing served links to them;
#   3. changed pages: the previous day's brief, the asset's page, the archive months, the home
#      page, the feed and the sitemaps, whose new links all resolve by now;
#   4. removals.
# Symbolic links in the site folder are not followed (publish writes none; a link planted there
# must not upload what it points to).
#
# Usage (as the project file's deploy command; `daily` sets MARKETBRIEF_SITE):
#   "deploy": "deploy/s3.sh s3://my-bucket/briefs"
# Credentials as the AWS CLI reads them (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
# an instance role); never in the project file (deploy/README.md).
set -eu
site="${MARKETBRIEF_SITE:?MARKETBRIEF_SITE must name the site folder (marketbrief daily sets it)}"
bucket="${1:?usage: s3.sh s3://BUCKET/PREFIX}"
bucket="${bucket%/}"
case "${bucket#s3://}" in
    */*) prefix="${bucket#s3://*/}/" ;;
    *) prefix="" ;;
esac

sync() {
    aws s3 sync "$site" "$bucket" --no-follow-symlinks --no-progress "$@"
}

sync --exclude '*.html' --exclude '*.xml'

# The pages already served (`aws s3 ls` finds nothing on the first deploy: every page is new).
served=$(aws s3 ls "$bucket/" --recursive | sed -E 's/^[0-9-]+ +[0-9:]+ +[0-9]+ //' \
    | awk -v prefix="$prefix" 'index($0, prefix) == 1 { print substr($0, length(prefix) + 1) }')
set --
while IFS= read -r page; do
    [ -z "$page" ] || set -- "$@" --include "$page"
done <<PAGES
$(cd "$site" && find . -type f \( -name '*.html' -o -name '*.xml' \) | sed 's|^\./||' \
    | awk -v served="$served" 'BEGIN { n = split(served, keys, "\n"); for (i = 1; i <= n; i++) known[keys[i]] = 1 }
                               !($0 in known)')
PAGES
[ $# -eq 0 ] || sync --exclude '*' "$@"

sync
sync --delete
