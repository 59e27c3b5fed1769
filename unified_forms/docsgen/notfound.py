"""The 404 page made independent of where the site is served, so it keeps its styles under any sub-path.

Why: a web server answers every missing URL with ``404.html``, at that URL. Its asset URLs
cannot be relative (the missing URL can be at any depth), so mkdocs writes them from the site's
root path, ``/`` unless ``site_url`` says otherwise; served under ``http://host/docs/unified_forms/``
the page then asks for ``/assets/...``, gets nothing, and shows raw HTML. Which prefix the site is
served under is known only to the server, so the page must not depend on it:

- stylesheets, scripts and the icon are written into the page itself (no request at all);
- the search box is removed from this one page (its index and worker would be fetched by URL);
- links and the theme's ``base`` are pointed at the site root computed in the browser: the
  configured ``site_url`` path when the URL is under it, else the path before the last segment
  that names one of the site's top-level folders (``/docs/unified_forms/forms/old_id/`` →
  ``/docs/unified_forms/``), else the folder of the missing entry.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Callable, Iterable

Reader = Callable[[str], bytes | None]  # site-relative path → the file's bytes (None: not in the site)

_LINK = re.compile(r"<link\b[^>]*>", re.I)
_SCRIPT_SRC = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>\s*</script>", re.I)
_ATTR = re.compile(r"(\w[\w-]*)=\"([^\"]*)\"")


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): v for k, v in _ATTR.findall(tag)}


def _local(url: str, base: str) -> str | None:
    """The site-relative path of a URL the page wrote from ``base``, None for anything else."""
    if url.startswith(base) and not url.startswith("//"):
        return url[len(base) :].split("#", 1)[0].split("?", 1)[0]
    return None


def remove_element(html: str, start: re.Pattern[str], tag: str) -> str:
    """``html`` without the element whose opening tag matches ``start`` (nested ``tag`` elements balanced)."""
    m = start.search(html)
    if m is None:
        return html
    depth, pos = 0, m.start()
    opening, closing = re.compile(rf"<{tag}\b", re.I), re.compile(rf"</{tag}\s*>", re.I)
    while True:
        o, c = opening.search(html, pos), closing.search(html, pos)
        if c is None:
            return html
        if o is not None and o.start() < c.start():
            depth, pos = depth + 1, o.end()
        else:
            depth, pos = depth - 1, c.end()
            if depth == 0:
                return html[: m.start()] + html[pos:]


_SEARCH_PARTS = (
    (re.compile(r"<div\b[^>]*data-md-component=\"search\"", re.I), "div"),
    (re.compile(r"<label\b[^>]*for=\"__search\"", re.I), "label"),
)  # the hidden toggle input stays: the theme's script requires it


def _without_search(html: str) -> str:
    for pattern, tag in _SEARCH_PARTS:
        while pattern.search(html):
            before = html
            html = remove_element(html, pattern, tag)
            if html == before:
                break
    return html


def _root_script(base: str, folders: Iterable[str]) -> str:
    names = json.dumps(sorted(set(folders)), ensure_ascii=False)
    return (
        "<script>var __uf_root=(function(b,top){var p=location.pathname;"
        'if(b!=="/"&&p.indexOf(b)===0)return b;var s=p.split("/");'
        "for(var i=s.length-1;i>0;i--){var n;try{n=decodeURIComponent(s[i])}catch(e){n=s[i]}"
        'if(top.indexOf(n)>=0)return s.slice(0,i).join("/")+"/"}'
        'var last=s.length-1;if(s[last]==="")last--;return last>0?s.slice(0,last).join("/")+"/":"/"'
        f"}})({json.dumps(base)},{names});</script>"
    )


def _relink_script(base: str) -> str:
    """Points the theme's ``base`` and the page's links at ``__uf_root`` (runs before the theme's script)."""
    return (
        '<script>(function(b){var c=document.getElementById("__config");'
        "if(c){var o=JSON.parse(c.textContent);o.base=__uf_root;delete o.search;c.textContent=JSON.stringify(o)}"
        'document.querySelectorAll("a[href]").forEach(function(a){var h=a.getAttribute("href");'
        'if(h.indexOf(b)===0&&h.indexOf("//")!==0)a.setAttribute("href",__uf_root+h.slice(b.length))})'
        f"}})({json.dumps(base)});</script>"
    )


def standalone_404(html: str, read: Reader, *, base: str = "/", folders: Iterable[str] = ()) -> tuple[str, list[str]]:
    """The 404 page with its assets inside and its links computed in the browser; also what could not be inlined.

    ``base`` is the path the page's URLs were written from (the ``site_url`` path, ``/`` without
    one); ``folders`` are the site's top-level folders, by which the browser finds the root.
    """
    problems: list[str] = []

    def link(m: re.Match[str]) -> str:
        tag = m.group(0)
        a = _attrs(tag)
        rel, href = a.get("rel", "").lower().split(), a.get("href", "")
        path = _local(href, base)
        if path is None or not ({"stylesheet", "icon", "preload", "modulepreload"} & set(rel)):
            return tag
        data = read(path)
        if data is None:
            problems.append(f"404 page: {href} is not in the site")
            return tag
        if "stylesheet" in rel:
            return "<style>" + data.decode("utf-8").replace("</style", "<\\/style") + "</style>"
        if "icon" in rel:
            mime = mimetypes.guess_type(path)[0] or "image/png"
            uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            return tag.replace(f'href="{href}"', f'href="{uri}"')
        return ""  # a preload of something now inside the page

    def script(m: re.Match[str]) -> str:
        path = _local(m.group(2), base)
        if path is None:
            return m.group(0)
        data = read(path)
        if data is None:
            problems.append(f"404 page: {m.group(2)} is not in the site")
            return m.group(0)
        return "<script>" + data.decode("utf-8").replace("</script", "<\\/script") + "</script>"

    html = _without_search(html)
    html = _LINK.sub(link, html)
    html = _SCRIPT_SRC.sub(script, html)
    html = html.replace(f"new URL({json.dumps(base)},location)", "new URL(__uf_root,location)")
    html = re.sub(r"<head>", lambda m: m.group(0) + _root_script(base, folders), html, count=1, flags=re.I)
    config = re.search(r"<script id=\"__config\"[^>]*>.*?</script>", html, re.S)
    if config is not None:
        html = html[: config.end()] + _relink_script(base) + html[config.end() :]
    return html, problems
