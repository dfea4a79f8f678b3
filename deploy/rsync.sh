#!/bin/sh
# Deploys the site to a web server with rsync, in the order that keeps it consistent for
# readers: new and changed files first (brief and diff pages, the stylesheet), then the pages
# that link to them (home page, archive months, feed, sitemaps), and removals last, so no
# published page ever links to a file that is not there yet.
#
# Usage (as the project file's deploy command; `daily` sets MARKETBRIEF_SITE):
#   "deploy": "deploy/rsync.sh user@host:/var/www/briefs/"
set -eu
site="${MARKETBRIEF_SITE:?MARKETBRIEF_SITE must name the site folder (marketbrief daily sets it)}"
destination="${1:?usage: rsync.sh DESTINATION (user@host:/path/ or a local folder)}"
entry_pages="--exclude=/index.html --exclude=/feed.xml --exclude=/sitemap.xml --exclude=/sitemaps/ --exclude=/archive/"

# shellcheck disable=SC2086 # the exclusions are separate words on purpose
rsync --recursive --checksum --times $entry_pages "$site/" "$destination"
rsync --recursive --checksum --times "$site/" "$destination"
rsync --recursive --checksum --times --delete "$site/" "$destination"
