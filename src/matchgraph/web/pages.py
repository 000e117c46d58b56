"""Server-rendered pages. Each page builds one payload, rendered as HTML or, with ``?format=json``, as JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.compare.render_json import to_dict
from matchgraph.service.compare import comparison
from matchgraph.service.passport import passport
from matchgraph.service.rankings import MAX_LIMIT, rankings
from matchgraph.service.search import search
from matchgraph.service.stats import catalog_stats
from matchgraph.web import charts, formatting, schemas, snippets, urls
from matchgraph.web.cache import CachedPage, compare_key
from matchgraph.web.deps import ClientDep, SearchLimitDep, ServicesDep, StateDep, WebState
from matchgraph.web.errors import ApiError
from matchgraph.web.listing import canonical_slug, capability_detail, capability_index, with_prices

router = APIRouter(include_in_schema=False)
Format = Annotated[Literal["html", "json"] | None, Query(alias="format")]
EXAMPLES = (
    "vision model that returns JSON, 128k context",
    "coding model with tool calling under $2 per million input tokens",
    "text to image under 5 cents per image",
    "speech to text transcription",
)
OUTPUTS = ("text", "image", "audio", "video", "embedding")
# Percentiles among peers and MatchRank are 0–100 by definition: a chart's axis never reaches past that.
PERCENT_SCALE = (0.0, 100.0)


def render(state: WebState, template: str, payload: Any, fmt: str | None, *, title: str,
           path: str, description: str | None = None, status: int = 200) -> Response:
    """The page's payload as JSON, or the template rendered with it."""
    if fmt == "json":
        return Response(_json(payload), status_code=status, media_type="application/json")
    html = state.templates.get_template(template).render(
        p=payload, title=title, description=description, canonical=path, json_url=urls.as_json(path))
    return Response(html, status_code=status, media_type="text/html; charset=utf-8")


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


@router.get("/")
def home(state: StateDep, services: ServicesDep, fmt: Format = None) -> Response:
    """The home page: the search box, example needs, catalog counts, capability areas."""
    index = capability_index(services.view())
    payload = {"examples": list(EXAMPLES), "stats": catalog_stats(services.engine),
               "areas": [c for c in index["capabilities"] if c["parent"] is None]}
    return render(state, "home.html", payload, fmt, title="matchgraph · find the AI model that fits", path="/",
                  description="Match a need to AI models from sourced facts, compare them side by side.")


def compose_query(q: str, max_input: float | None, min_context: int | None, output: str | None,
                  open_weights: bool) -> str:
    """The need with the filter form's choices appended as requirements the need parser reads."""
    parts = [q.strip()]
    if output:
        parts.append(f"outputs {output}")
    if max_input is not None:
        parts.append(f"under ${max_input:g} per million input tokens")
    if min_context:
        parts.append(f"at least {min_context} tokens context")
    if open_weights:
        parts.append("open weights")
    return ", ".join(p for p in parts if p)


@router.get("/search")
def search_page(
    request: Request, state: StateDep, services: ServicesDep, key: SearchLimitDep, client: ClientDep,
    q: Annotated[str, Query(max_length=10_000)] = "",
    max_input: Annotated[float | None, Query(ge=0, le=1e6)] = None,
    min_context: Annotated[int | None, Query(ge=0, le=10**9)] = None,
    output: Literal["text", "image", "audio", "video", "embedding", ""] = "",
    open_weights: bool = False,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    fmt: Format = None,
) -> Response:
    """Results for a need, with what was understood, reasons, prices and compare links."""
    if not q.strip():
        return RedirectResponse(urls.home(), status_code=303)
    query = compose_query(q, max_input, min_context, output or None, open_weights)
    result = search(services, query, limit=limit, client=f"key:{key.name}" if key else f"ip:{client}")
    form = {"q": q, "max_input": max_input, "min_context": min_context, "output": output,
            "open_weights": open_weights, "outputs": list(OUTPUTS)}
    payload = {**result, "form": form}
    path = urls.search(q, max_input=max_input, min_context=min_context, output=output or None,
                       open_weights="true" if open_weights else None)
    return render(state, "search.html", payload, fmt, title=f"{q[:80]} · matchgraph search", path=path)


@router.get("/artifacts/{slug:path}")
def artifact_page(state: StateDep, services: ServicesDep,
                  slug: Annotated[str, Path(max_length=300)], fmt: Format = None) -> Response:
    """An artifact's trust passport as a page; other names redirect to the canonical slug."""
    canonical = canonical_slug(services, slug)
    if canonical != slug:
        target = urls.artifact(canonical)
        return RedirectResponse(urls.as_json(target) if fmt == "json" else target, status_code=301)
    doc = passport(services.engine, slug, services)
    extra: dict[str, Any] = {}
    if fmt == "json":
        doc = compact_passport(doc, slug)
    else:
        # Labels say what tells rows with the same metric apart; the table has a column for the version
        # measured, the chart does not. The chart is of LMArena ratings only, so its labels drop the board's name.
        extra["evidence_rows"] = formatting.evidence_rows(doc["evidence"], slug, columns=("measured_on",))
        rated = [e for e in doc["evidence"] if e["metric"].startswith("arena")]
        points = [charts.Point(e["label"], urls.leaderboard(e["capability"]) if e.get("capability") else "#",
                               e["value"], e.get("ci_low"), e.get("ci_high"))
                  for e in formatting.evidence_rows(rated, slug, strip="LMArena ")]
        extra["rating_chart"] = charts.intervals(points, label="rating") if points else None
        extra["snippets"] = [snippets.snippet(o) for o in doc["offers"]]
    return render(state, "artifact.html", {**doc, **extra}, fmt,
                  title=f"{doc['name']} · trust passport · matchgraph", path=urls.artifact(slug),
                  description=f"Sourced facts, prices and capabilities of {doc['name']}.")


# The artifact page's JSON twin is the passport with its long lists cut: a page's data, not an archive
# (a model sold by 80 hosts has a 230 KB passport). What is cut is said in "truncated", with the
# full passport's API URL; the cut keeps the first entries in the passport's own order.
TWIN_LIST_LIMIT = 20
TWIN_RECORDS_LIMIT = 3
# Positions in the twin: the first ones, each as where it stands and on what (the API passport has every
# position and the row behind it).
TWIN_POSITIONS = 8
TWIN_POSITION_KEYS = ("metric", "text")


def _silent_last(records: list[Any]) -> list[Any]:
    return sorted(records, key=lambda r: bool(isinstance(r, dict) and r.get("silent")))


def _cut_entry(entry: Any) -> tuple[Any, dict[str, Any]]:
    """An entry (a fact, an offer, a capability …) with its lists of records longer than
    TWIN_RECORDS_LIMIT cut (records stating a value first), and what was cut."""
    if not isinstance(entry, dict):
        return entry, {}
    cut: dict[str, Any] = {}
    out = entry
    for key, value in entry.items():
        if (isinstance(value, list) and len(value) > TWIN_RECORDS_LIMIT
                and all(isinstance(v, dict) for v in value)):
            if out is entry:
                out = dict(entry)
            out[key] = _silent_last(value)[:TWIN_RECORDS_LIMIT]
            cut[key] = {"shown": TWIN_RECORDS_LIMIT, "total": len(value)}
    return out, cut


def compact_passport(doc: dict[str, Any], slug: str) -> dict[str, Any]:
    """The passport for the JSON twin: lists longer than TWIN_LIST_LIMIT (offers, sources, aliases …)
    are cut, and so are the record lists inside entries (a fact's source records, the sources
    declaring a capability) beyond TWIN_RECORDS_LIMIT."""
    out = dict(doc)
    truncated: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, list):
            if len(value) > TWIN_LIST_LIMIT:
                truncated[key] = {"shown": TWIN_LIST_LIMIT, "total": len(value)}
                value = value[:TWIN_LIST_LIMIT]
            entries = []
            for entry in value:
                small, cut = _cut_entry(entry)
                entries.append(small)
                if cut:
                    name = entry.get("uri") or entry.get("key") or entry.get("host") or str(len(entries) - 1)
                    truncated.setdefault(f"{key} entries", {})[str(name)] = cut
            out[key] = entries
        elif isinstance(value, dict) and key == "facts":
            facts: dict[str, Any] = {}
            for name, fact in value.items():
                facts[name], cut = _cut_entry(fact)
                if cut:
                    truncated.setdefault("facts", {})[name] = cut
            out[key] = facts
    if any(isinstance(e, dict) and e.get("details") for e in out.get("evidence") or []):
        # Each row's source details (an Aider run's settings, an llm-stats link) stay in the API passport.
        out["evidence"] = [{k: v for k, v in e.items() if k != "details"} if isinstance(e, dict) else e
                           for e in out["evidence"]]
        truncated["evidence details"] = "in the full passport"
    if any(isinstance(o, dict) and o.get("also_stated_by") for o in out.get("offers") or []):
        # Which other records describe each offer stays in the API passport too.
        out["offers"] = [{k: v for k, v in o.items() if k != "also_stated_by"} if isinstance(o, dict) else o
                         for o in out["offers"]]
        truncated["offer records"] = "in the full passport"
    positions = doc.get("positions")
    if isinstance(positions, list):
        out["positions"] = [{k: pos.get(k) for k in TWIN_POSITION_KEYS} if isinstance(pos, dict) else pos
                            for pos in positions[:TWIN_POSITIONS]]
        if len(positions) > TWIN_POSITIONS:
            truncated["positions"] = {"shown": TWIN_POSITIONS, "total": len(positions)}
    if truncated:
        out["truncated"] = {"lists": truncated, "full": urls.api_passport(slug)}
    return out


def workload_text(requests: str | None, input_tokens: str | None, output_tokens: str | None,
                  images: str | None, size: str | None) -> str | None:
    """The cost form's fields (digits, blank when left empty) as a workload string; None when all are blank."""
    parts = []
    if requests:
        parts += [f"requests={int(requests)}/month", f"input={int(input_tokens or 0)}",
                  f"output={int(output_tokens or 0)}"]
    if images:
        parts.append(f"images={int(images)}/month")
        if size:
            parts.append(f"size={size}")
    return ",".join(parts) or None


@router.get("/compare")
def compare_redirect(services: ServicesDep,
                     a: Annotated[str, Query(min_length=1, max_length=300)],
                     b: Annotated[str, Query(min_length=1, max_length=300)],
                     workload: Annotated[str | None, Query(max_length=300)] = None) -> Response:
    """``/compare?a=&b=`` → the canonical comparison URL of the two slugs."""
    return RedirectResponse(urls.compare(canonical_slug(services, a.strip()), canonical_slug(services, b.strip()),
                                         workload), status_code=303)


@router.get("/compare/{pair:path}")
async def compare_page(request: Request, state: StateDep, pair: Annotated[str, Path(max_length=700)]) -> Response:
    """The comparison page (every section and a cost form), cached per catalog version.

    The cache is looked up by the raw URL first, so a hit costs no parameter parsing at all."""
    key = compare_key(request.scope)
    hit = state.pages.peek(key)
    if hit is None:
        query = _compare_query(request)
        slugs = urls.split_pair(pair)
        if slugs is None:
            raise ApiError(404, "a comparison URL looks like /compare/org/model/vs/org/model")
        form_workload = workload_text(query.requests, query.input, query.output, query.images, query.size)
        if form_workload is not None:
            return RedirectResponse(urls.compare(*slugs, form_workload), status_code=303)
        hit = await run_in_threadpool(state.pages.get, key,
                                      lambda: _compare_body(state, slugs, query.workload, query.format))
    return hit.response(request.headers.get("accept-encoding", ""))


def _compare_query(request: Request) -> schemas.CompareQuery:
    try:
        return schemas.CompareQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


def _compare_body(state: WebState, slugs: tuple[str, str], workload: str | None, fmt: str | None) -> CachedPage:
    services = state.services
    canonical = (canonical_slug(services, slugs[0]), canonical_slug(services, slugs[1]))
    if canonical != slugs:
        return CachedPage.redirect(urls.compare(*canonical, workload))
    c = comparison(services, slugs[0], slugs[1], workload=workload)
    if fmt == "json":
        return CachedPage.of(_json(to_dict(c)), "application/json")
    # HTML reads the comparison object itself: its table rows carry the formatted cell texts.
    html = state.templates.get_template("compare.html").render(
        p=c, bars=charts.versus(c.table, c.a["name"], c.b["name"]), pair_scatter=_pair_scatter(services, c),
        title=f"{c.a['name']} vs {c.b['name']} · matchgraph", description=c.headline,
        canonical=urls.compare(*slugs, workload), json_url=urls.as_json(urls.compare(*slugs, workload)))
    return CachedPage.of(html.encode("utf-8"), "text/html; charset=utf-8")


def _pair_scatter(services: Any, c: Any) -> dict[str, Any] | None:
    """The two compared artifacts placed among the top of the overall board, price against MatchRank."""
    board = _board_payload(services, None, 200)
    rows = list(board["results"])
    pair = {c.a["slug"], c.b["slug"]}
    missing = pair - {r["slug"] for r in rows}
    if missing:
        extra = _board_payload(services, None, 500)["results"]
        rows += [r for r in extra if r["slug"] in missing]
    marked = [r for r in rows if r["slug"] in pair]
    if not marked:
        return None
    field, x_label = _price_basis(marked)
    pts = [charts.Point(r["name"], urls.artifact(r["slug"]), r.get("score"), r.get("lower"), r.get("upper"),
                        r["prices"][field], mark="a" if r["slug"] == c.a["slug"] else
                        ("b" if r["slug"] == c.b["slug"] else "")) for r in rows]
    chart = charts.scatter(pts, x_label=x_label, y_label="MatchRank (0–100)", bounds=PERCENT_SCALE,
                           unit="per image" if field == "per_image" else "per 1M input tokens")
    chart["pair_drawn"] = sum(1 for p in chart["points"] if p["mark"])
    return chart if chart["points"] else None


def _compact_row(row: dict[str, Any]) -> dict[str, Any]:
    """A board row for a page: each MatchRank component as its score and range only (the evidence behind
    a component is in the API's rankings and in the artifact's passport)."""
    comps = {name: {k: (c or {}).get(k) for k in ("score", "lower", "upper")}
             for name, c in (row.get("components") or {}).items()}
    return {**row, "components": comps}


def _board_payload(services: Any, capability: str | None, limit: int, offset: int = 0,
                   path: str | None = None) -> dict[str, Any]:
    """One page of a board: ``limit`` rows from ``offset``, compact, with links to the pages around it."""
    board = rankings(services, capability=capability, limit=min(offset + limit, MAX_LIMIT))
    rows = board["results"][offset:offset + limit]
    board["results"] = with_prices(services.view(), [_compact_row(r) for r in rows])
    total = board.get("matched", len(rows))
    page: dict[str, Any] = {"offset": offset, "limit": limit, "total": total, "next": None, "previous": None}
    if path is not None:
        sep = "&" if "?" in path else "?"
        if offset + limit < total:
            page["next"] = f"{path}{sep}offset={offset + limit}&limit={limit}"
        if offset > 0:
            page["previous"] = f"{path}{sep}offset={max(0, offset - limit)}&limit={limit}"
    board["page"] = page
    return board


def _price_basis(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """The one price field a chart uses: per image when more rows state it than per-token input prices.
    One axis never mixes units."""
    per_token = sum(r["prices"]["input_per_mtok"] is not None for r in rows)
    per_image = sum(r["prices"]["per_image"] is not None for r in rows)
    if per_image > per_token:
        return "per_image", "starting price per image, USD (log scale)"
    return "input_per_mtok", "starting price per 1M input tokens, USD (log scale)"


def _rating(q: dict[str, Any] | None) -> dict[str, Any]:
    """The rating row a quality entry rests on (the first it was measured on), or an empty dict."""
    measured = (q or {}).get("measured_on") or []
    return measured[0] if measured else {}


def _board_charts(board: dict[str, Any]) -> dict[str, Any]:
    """Chart geometry for a board (HTML only; the JSON payload carries the numbers themselves).

    On a capability board all rows measured on one metric are plotted as ratings with their 95%
    intervals; when the metrics differ, ratings are not on one scale, so percentiles among peers
    (with their ranges) are plotted instead."""
    rows = board["results"]
    field, x_label = _price_basis(rows)
    bounds: tuple[float, float] | None = PERCENT_SCALE  # percentiles and MatchRank; ratings have no bounds
    if board.get("capability"):
        metrics = {_rating(r.get("quality")).get("metric") for r in rows if r.get("quality")}
        if len(metrics) == 1:
            vals = [_rating(r.get("quality")) for r in rows]
            label = f"rating ({formatting.metric(metrics.pop())})"
            bounds = None
            pts = [charts.Point(r["name"], urls.artifact(r["slug"]), v.get("value"), v.get("ci_low"),
                                v.get("ci_high"), r["prices"][field]) for r, v in zip(rows, vals, strict=True)]
        else:
            label = "quality percentile among peers"
            pts = [charts.Point(r["name"], urls.artifact(r["slug"]), q.get("percentile"), q.get("lower"),
                                q.get("upper"), r["prices"][field])
                   for r, q in ((r, r.get("quality") or {}) for r in rows)]
    else:
        pts = [charts.Point(r["name"], urls.artifact(r["slug"]), r.get("score"), r.get("lower"), r.get("upper"),
                            r["prices"][field]) for r in rows]
        label = "MatchRank (0–100)"
    return {"intervals": charts.intervals(pts[:30], label=label, bounds=bounds),
            "scatter": charts.scatter(pts, x_label=x_label, y_label=label, bounds=bounds)}


def _board_html(services: Any, board: dict[str, Any]) -> dict[str, Any]:
    """What the HTML board adds to the payload: charts and the capability picker."""
    options = [c for c in capability_index(services.view())["capabilities"] if c["artifacts"]]
    return {**_board_charts(board), "capability_options": options}


@router.get("/leaderboard")
def leaderboard_page(state: StateDep, services: ServicesDep, fmt: Format = None,
                     capability: Annotated[str | None, Query(max_length=200)] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100,
                     offset: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 0) -> Response:
    """Artifacts by MatchRank with their components and ranges (the form's capability redirects)."""
    if capability:
        return RedirectResponse(urls.leaderboard(urls.capability_uri(capability)), status_code=303)
    here = urls.leaderboard()
    board = _board_payload(services, None, limit, offset, urls.as_json(here) if fmt == "json" else here)
    extra = _board_html(services, board) if fmt != "json" else {}
    return render(state, "leaderboard.html", {**board, **extra}, fmt, title="Leaderboard · matchgraph",
                  path=urls.leaderboard())


@router.get("/leaderboard/{key:path}")
def capability_leaderboard(state: StateDep, services: ServicesDep, key: Annotated[str, Path(max_length=200)],
                           fmt: Format = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                           offset: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 0) -> Response:
    """Artifacts with one capability, ordered by rated quality (with 95% intervals)."""
    uri = urls.capability_uri(key)
    detail = capability_detail(services.view(), uri)
    here = urls.leaderboard(uri)
    board = _board_payload(services, uri, limit, offset, urls.as_json(here) if fmt == "json" else here)
    extra = _board_html(services, board) if fmt != "json" else {}
    return render(state, "leaderboard.html", {**board, "node": detail, **extra}, fmt,
                  title=f"{detail['name']} leaderboard · matchgraph", path=urls.leaderboard(uri))


@router.get("/capabilities")
def capabilities_page(state: StateDep, services: ServicesDep, fmt: Format = None) -> Response:
    """The capability taxonomy as a tree with artifact counts."""
    return render(state, "capabilities.html", capability_index(services.view(), load_taxonomy()), fmt,
                  title="Capabilities · matchgraph", path=urls.capabilities())


@router.get("/capabilities/{key:path}")
def capability_page(state: StateDep, services: ServicesDep, key: Annotated[str, Path(max_length=200)],
                    fmt: Format = None) -> Response:
    """One capability: what it means, how people ask for it, the top artifacts and charts."""
    uri = urls.capability_uri(key)
    detail = capability_detail(services.view(), uri)
    board = _board_payload(services, uri, 40)
    payload = {"node": detail, **board}
    extra = _board_charts(board) if fmt != "json" else {}
    return render(state, "capability.html", {**payload, **extra}, fmt,
                  title=f"{detail['name']} · capabilities · matchgraph", path=urls.capability(uri),
                  description=detail["description"])
