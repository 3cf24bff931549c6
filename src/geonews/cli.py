"""The ``geonews`` command line.

Library errors become one line on stderr and a non-zero exit code: 1 when a lookup found
nothing, 2 for a user mistake (bad argument, empty query, unreadable input), 3 for a data
problem (gazetteer cannot be built). No traceback reaches the user for any of these.
"""

from __future__ import annotations

import argparse
import json
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
        rows = [_place_json(gazetteer, p) for p in places]
        _print_json(rows if args.all else rows[0])
    else:
        for place in places:
            sys.stdout.write(f"{place}\n")
    return 0


def _place_json(gazetteer: Any, place: Any) -> dict[str, Any]:
    row = {
        "geonameid": place.geonameid,
        "name": place.name,
        "kind": place.kind,
        "country_code": place.country_code,
        "admin1_code": place.admin1_code,
        "population": place.population,
        "lat": place.lat,
        "lon": place.lon,
        "score": place.score,
    }
    if place.kind == "admin1":
        row["iso_code"] = place.iso_code
        row["coord_rule"] = place.coord_rule
    return row


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
        build_index(path, progress=not args.quiet)
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
def _iter_inputs(args: argparse.Namespace) -> Any:
    from geonews.documents import InputError, read_article, read_jsonl

    if args.input_jsonl:
        for path in args.input_jsonl:
            yield from read_jsonl(path)
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            files = [path]
        for file in files:
            try:
                yield read_article(file)
            except InputError as exc:
                yield exc


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
    from geonews.evaluate import format_table, load_jsonl, score_corpus

    gold = load_jsonl(args.gold)
    if args.limit:
        gold = gold[: args.limit]
    rows = []
    if args.predictions:
        predicted = {str(r["id"]): r.get("toponyms", []) for r in load_jsonl(args.predictions)}
        name = Path(args.predictions).stem
    else:
        from geonews.documents import Article
        from geonews.pipeline import extract_many

        articles = (Article(text=d["text"], id=str(d["id"])) for d in gold)
        predicted = {r["id"]: r["toponyms"] for r in extract_many(articles, workers=args.workers)}  # type: ignore[index]
        name = "geonews"
    rows.append(score_corpus(gold, predicted, system=name, count_demonyms=args.count_demonyms))
    if args.baselines:
        corpus = Path(args.gold).stem
        for path in sorted(Path(args.baselines).glob(f"*_{corpus}_*.jsonl")):
            baseline = {str(r["id"]): r.get("toponyms", []) for r in load_jsonl(path)}
            system = path.stem.split(f"_{corpus}_", 1)[-1]
            rows.append(score_corpus(gold, baseline, system=system, count_demonyms=True))
    if args.format == "json":
        for row in rows:
            _print_json(row.to_dict())
    else:
        sys.stdout.write(format_table(rows) + "\n")
    return 0


# -- parser -------------------------------------------------------------------------------
Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"geonews: error: {message}\n")


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
    p.add_argument("--kind", action="append", choices=["country", "admin1", "city"])
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
    p.add_argument("--limit", type=int, default=0, help="only the first N documents")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_cmd_eval)

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
