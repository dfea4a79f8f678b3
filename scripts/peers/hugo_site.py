"""Makes a Hugo site with the same pages as a site marketbrief published: the fair Hugo peer
of scripts/compare-hugo.sh.

    hugo_site.py SITE_FOLDER HUGO_FOLDER

Every HTML page of SITE_FOLDER becomes one content file (raw HTML: what is inside its <main>,
with its title), so Hugo renders as many pages of the same weight through one layout (head,
stylesheet, banner, footer), and copies style.css as a static file. Kinds Hugo would add on its
own (sections, taxonomies, RSS, sitemap) are turned off, so the page counts match.
"""
import os, re, sys

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
MAIN = re.compile(r"<body>(.*)</body>", re.S)

CONFIG = """baseURL = "https://example.org/"
title = "marketbrief"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "section", "404", "robotsTXT"]
"""
LAYOUT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/style.css">
<title>{{ .Title }}</title>
<meta name="description" content="{{ .Title }}">
</head>
<body>
{{ .Content }}
</body>
</html>
"""


def main(site, hugo):
    content, layouts, static = (os.path.join(hugo, name) for name in ("content/p", "layouts/_default", "static"))
    for folder in (content, layouts, static):
        os.makedirs(folder, exist_ok=True)
    with open(os.path.join(hugo, "config.toml"), "w") as f:
        f.write(CONFIG)
    for name in ("single.html", "list.html"):
        with open(os.path.join(layouts, name), "w") as f:
            f.write(LAYOUT)
    count = 0
    for root, _, files in os.walk(site):
        for name in sorted(files):
            path = os.path.join(root, name)
            if name == "style.css":
                with open(path, encoding="utf-8") as source, open(os.path.join(static, name), "w", encoding="utf-8") as target:
                    target.write(source.read())
            if not name.endswith(".html"):
                continue
            text = open(path, encoding="utf-8").read()
            title = TITLE.search(text).group(1).replace('"', "'")
            body = MAIN.search(text).group(1)
            count += 1
            with open(os.path.join(content, f"{count:06d}.html"), "w", encoding="utf-8") as f:
                f.write(f'---\ntitle: "{title}"\n---\n{body}')
    print(count)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
