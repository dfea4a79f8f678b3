#!/bin/sh
# Deploys the site to a web server with rsync, in an order that keeps every served page's links
# working: a page is sent only after the files it links to.
#   1. new and changed files that are not pages (the stylesheet, images);
#   2. new pages (a new day's brief and diff pages, a new month's archive page): they link to
#      each other and to what is served already, and nothing served links to them yet;
#   3. changed pages: the previous day's brief (its "next" link), the asset's page, the archive
#      months, the home page, the feed and the sitemaps, whose new links all resolve by now;
#      then, once everything is sent, the files gone from the site are removed.
# Symbolic links in the site folder are not sent (publish writes none).
#
# Usage (as the project file's deploy command; `daily` sets MARKETBRIEF_SITE):
#   "deploy": "deploy/rsync.sh user@host:/var/www/briefs/"
# A remote DESTINATION goes over ssh as the user the job runs as (its ~/.ssh, or RSYNC_RSH,
# e.g. RSYNC_RSH="ssh -i /etc/marketbrief/deploy_key"; deploy/README.md).
set -eu
site="${MARKETBRIEF_SITE:?MARKETBRIEF_SITE must name the site folder (marketbrief daily sets it)}"
destination="${1:?usage: rsync.sh DESTINATION (user@host:/path/ or a local folder)}"

rsync --recursive --checksum --times --exclude='*.html' --exclude='*.xml' "$site/" "$destination"
rsync --recursive --times --ignore-existing "$site/" "$destination"
rsync --recursive --checksum --times --delete-after "$site/" "$destination"
