"""The one place that builds URLs. Slugs hold one '/', so artifact and comparison paths keep it."""

from __future__ import annotations

from urllib.parse import quote, urlencode

CAPABILITY_SCHEME = "capability://"
_SAFE = "/._-"


def _q(value: str) -> str:
    return quote(value, safe=_SAFE)


def home() -> str:
    """The home page with the search box."""
    return "/"


def search(q: str, **params: str | int | None) -> str:
    """The results page for ``q`` (extra filter parameters are kept when set)."""
    query = {"q": q, **{k: v for k, v in params.items() if v not in (None, "")}}
    return "/search?" + urlencode(query)


def artifact(slug: str) -> str:
    """An artifact's page (its trust passport)."""
    return f"/artifacts/{_q(slug)}"


def compare(a: str, b: str, workload: str | None = None) -> str:
    """The canonical comparison page of two slugs, in the order given."""
    url = f"/compare/{_q(a)}/vs/{_q(b)}"
    return url + ("?" + urlencode({"workload": workload}) if workload else "")


def split_pair(path: str) -> tuple[str, str] | None:
    """``org/a/vs/org/b`` → ``("org/a", "org/b")``; None when the path is not a pair of slugs."""
    parts = path.strip("/").split("/")
    if len(parts) != 5 or parts[2] != "vs" or not all(parts[i] for i in (0, 1, 3, 4)):
        return None
    return f"{parts[0]}/{parts[1]}", f"{parts[3]}/{parts[4]}"


def capability_key(uri: str) -> str:
    """``capability://vision.ocr`` → ``vision.ocr``."""
    return uri.removeprefix(CAPABILITY_SCHEME)


def capability_uri(key: str) -> str:
    """``vision.ocr`` (or a full URI) → ``capability://vision.ocr``."""
    return key if key.startswith(CAPABILITY_SCHEME) else CAPABILITY_SCHEME + key


def capability(uri: str) -> str:
    """A capability's page."""
    return f"/capabilities/{_q(capability_key(uri))}"


def leaderboard(uri: str | None = None) -> str:
    """The leaderboard, overall or for one capability."""
    return "/leaderboard" + (f"/{_q(capability_key(uri))}" if uri else "")


def capabilities() -> str:
    """The capability index."""
    return "/capabilities"


def static(name: str) -> str:
    """A vendored static file."""
    return f"/static/{_q(name)}"


def as_json(url: str) -> str:
    """The same page's payload as JSON."""
    return url + ("&" if "?" in url else "?") + "format=json"


def api(path: str, **params: str | int | None) -> str:
    """A JSON API URL under ``/api/v1``."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return f"/api/v1/{path.lstrip('/')}" + ("?" + urlencode(query) if query else "")


def api_passport(slug: str) -> str:
    """The JSON trust passport of an artifact."""
    return api(f"passport/{_q(slug)}")
