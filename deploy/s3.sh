#!/bin/sh
# Deploys the site to an S3 bucket (served directly or through a CDN) with the AWS CLI, in the
# order that keeps it consistent for readers: new and changed files first, then the pages that
# link to them (home page, archive months, feed, sitemaps), removals last.
#
# Usage (as the project file's deploy command; `daily` sets MARKETBRIEF_SITE):
#   "deploy": "deploy/s3.sh s3://my-bucket/briefs"
set -eu
site="${MARKETBRIEF_SITE:?MARKETBRIEF_SITE must name the site folder (marketbrief daily sets it)}"
bucket="${1:?usage: s3.sh s3://BUCKET/PREFIX}"

aws s3 sync "$site" "$bucket" --exclude "index.html" --exclude "feed.xml" --exclude "sitemap.xml" \
    --exclude "sitemaps/*" --exclude "archive/*"
aws s3 sync "$site" "$bucket"
aws s3 sync "$site" "$bucket" --delete
