"""The Starlette application behind `brochure serve`.

Routes: `/` the index; `/b/{id}/{lang}` a brochure page (query: layout, paper, clinic,
edition, last); `/b/{id}/{lang}/edition.html` and `/page/{n}.png` its parts;
`/events/{id}/{lang}` server-sent events for live reload; `/source/{path}` the YAML a
finding points into; `/files/{output|assets}/{path}` built files and pictures. Every
other path, and every path that would leave those folders, is 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from brochure.errors import BrochureError
from brochure.html.document import CSP
from brochure.layouts import LAYOUTS, PAPERS
from brochure.serve import pages
from brochure.serve.files import served_file, source_file
from brochure.serve.state import Choice, Outcome, ServeState

PING_SECONDS = 15.0
_TAG = re.compile(r"[A-Za-z0-9-]+")


def create_app(state: ServeState, watch: bool = True) -> Starlette:
    """The app for one workspace; `watch` starts following its files while it runs."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if watch:
            state.start()
        try:
            yield
        finally:
            state.close()

    def not_found() -> HTMLResponse:
        return HTMLResponse(pages.not_found(), status_code=404)

    def choice_of(request: Request) -> Choice | None:
        q = request.query_params
        choice = Choice(q.get("layout") or "handout", q.get("paper") or "letter",
                        q.get("clinic") or "", q.get("edition") or "")
        if choice.layout not in LAYOUTS or choice.paper not in PAPERS:
            return None
        if choice.clinic and choice.clinic not in _clinics(state):
            return None
        return choice

    def outcome_of(request: Request) -> tuple[Outcome, Choice] | None:
        brochure, lang = request.path_params["brochure"], request.path_params["lang"]
        choice = choice_of(request)
        if choice is None or state.folder(brochure) is None:
            return None
        if not _TAG.fullmatch(lang) or not (state.folder(brochure) / f"{lang}.yaml").is_file() \
                or lang == "brochure":
            return None
        try:
            return state.preview(brochure, lang, choice), choice
        except KeyError:
            return None

    def shown(request: Request, outcome: Outcome):
        if request.query_params.get("last") == "1" and outcome.problems:
            return outcome.last_good
        return outcome.preview

    async def index(request: Request) -> Response:
        rows, today = await run_in_threadpool(_index_rows, state)
        return HTMLResponse(pages.index(rows, today))

    async def brochure_page(request: Request) -> Response:
        found = await run_in_threadpool(outcome_of, request)
        if found is None:
            return not_found()
        outcome, choice = found
        brochure, lang = request.path_params["brochure"], request.path_params["lang"]
        langs, editions = await run_in_threadpool(_languages, state, brochure)
        html = pages.brochure_page(
            brochure, lang, langs, editions, _clinics(state), choice, outcome,
            request.query_params.get("last") == "1",
        )
        return HTMLResponse(html)

    async def edition(request: Request) -> Response:
        found = await run_in_threadpool(outcome_of, request)
        preview = shown(request, found[0]) if found else None
        if preview is None:
            return not_found()
        return HTMLResponse(preview.html, headers={"Content-Security-Policy": CSP})

    async def page_png(request: Request) -> Response:
        found = await run_in_threadpool(outcome_of, request)
        preview = shown(request, found[0]) if found else None
        number = request.path_params["number"]
        if preview is None or not 1 <= number <= len(preview.pages):
            return not_found()
        return Response(preview.pages[number - 1], media_type="image/png")

    async def events(request: Request) -> Response:
        brochure, lang = request.path_params["brochure"], request.path_params["lang"]
        if state.folder(brochure) is None:
            return not_found()
        try:
            seen = int(request.query_params.get("v", "-1"))
        except ValueError:
            seen = -1

        async def stream() -> AsyncIterator[str]:
            yield "retry: 500\n\n"
            waited = 0.0
            while not state.stop.is_set():
                now = state.version(brochure, lang)
                if now != seen:
                    yield f"event: reload\ndata: {now}\n\n"
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(0.1)
                waited += 0.1
                if waited >= PING_SECONDS:
                    waited = 0.0
                    yield ": ping\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    async def source(request: Request) -> Response:
        relative = request.path_params["path"]
        path = source_file(state.workspace, relative)
        if path is None:
            return not_found()
        text = path.read_text(encoding="utf-8", errors="replace")
        return HTMLResponse(pages.source_page(relative, text))

    async def files(request: Request) -> Response:
        path = served_file(state.workspace, request.path_params["path"])
        if path is None:
            return not_found()
        return FileResponse(path)

    routes = [
        Route("/", index),
        Route("/b/{brochure}/{lang}", brochure_page),
        Route("/b/{brochure}/{lang}/edition.html", edition),
        Route("/b/{brochure}/{lang}/page/{number:int}.png", page_png),
        Route("/events/{brochure}/{lang}", events),
        Route("/source/{path:path}", source),
        Route("/files/{path:path}", files),
    ]

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found()

    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: missing})


def _clinics(state: ServeState) -> list[str]:
    folder = state.workspace / "clinics"
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def _languages(state: ServeState, brochure: str) -> tuple[list[str], list[str]]:
    folder = state.folder(brochure)
    langs = sorted(p.stem for p in folder.glob("*.yaml") if p.name != "brochure.yaml")
    try:
        meta = state.load(brochure, langs[:1]).meta
        editions = sorted({*meta.editions, "full"})
    except BrochureError:
        editions = []
    return langs, editions


def _index_rows(state: ServeState):
    from brochure.checks import today

    rows = []
    for folder in state.brochures():
        try:
            loaded = state.load(folder.name)
        except BrochureError as exc:
            rows.append({"id": folder.name, "problems": [p for p in exc.problems if p.is_error]})
            continue
        meta = loaded.meta
        rows.append({
            "id": loaded.id,
            "title": loaded.source.content.title,
            "languages": [(tag, doc.is_draft) for tag, doc in loaded.languages.items()],
            "editions": sorted({*meta.editions, "full"}),
            "reviewed": meta.reviewed,
            "next_review": meta.next_review(),
        })
    return rows, today()
