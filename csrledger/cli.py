"""The command line: thin wiring of corpus -> pipeline -> ledger -> reports."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from csrledger.model import Document

if TYPE_CHECKING:       # imported where they are used: a command loads only what it needs
    from csrledger.corpus.errors import ReadError
    from csrledger.model import Analysis
    from csrledger.store.ledger import Ledger
    from csrledger.store.queries import RecordFilter
    from csrledger.workers import Analysed, AnalysisJob

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]   # generic only in the stubs

T = TypeVar("T")


def _progress(items: Iterable[T], unit: str = "doc") -> Iterable[T]:
    """A progress bar on a terminal, nothing when output is piped or in CI."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    tqdm.monitor_interval = 0       # no monitor thread: worker processes are forked from this one
    return tqdm(items, unit=unit, file=sys.stderr, dynamic_ncols=True)


class Failures:
    """Counts documents that could not be read or analysed, printing one line each."""

    def __init__(self) -> None:
        self.errors = 0

    def report(self, message: str, severity: str = "error") -> None:
        if severity == "error":
            self.errors += 1
        print(f"{severity}: {message}", file=sys.stderr)


def _documents(corpus: str, failures: Failures) -> Iterator[Document]:
    for item in _corpus_items(corpus, failures):
        if isinstance(item, Document):
            yield item
        else:
            _report_read_error(item, failures)


def _corpus_items(corpus: str, failures: Failures,
                  args: argparse.Namespace | None = None) -> Iterator[Document | ReadError]:
    """The corpus' documents and read errors in input order (a reader crash is reported at once).

    ``args`` may carry the web-archive filters (``--warc-domain``, ``--warc-lang``).
    """
    from csrledger.batch import guarded
    from csrledger.corpus import read_corpus
    from csrledger.corpus.warc import WarcFilter

    if not Path(corpus).exists():
        raise SystemExit(f"csrledger: corpus not found: {corpus}")
    warc = WarcFilter()
    if args is not None:
        warc = WarcFilter(tuple(d.lower().strip(".") for d in args.warc_domain or ()),
                          tuple(args.warc_lang.split(",")) if args.warc_lang else warc.langs)
    return guarded(read_corpus(corpus, warc), failures.report, corpus)


def _report_read_error(item: ReadError, failures: Failures) -> None:
    failures.report(str(item), getattr(item, "severity", "error"))


def _analysed(items: Iterable[Document | T], failures: Failures, job: AnalysisJob, workers: int,
              chunk_documents: int | None = None) -> Iterator[tuple[Document | T, Analysed | None]]:
    """``(item, result)`` in input order, analysed by ``workers`` processes; failures reported in that order.

    Read errors are reported in their place; ``result`` is None for anything that is no Document.
    """
    from csrledger.corpus import ReadError
    from csrledger.workers import CHUNK_DOCUMENTS, analyse_in_order

    for item, result in _progress(analyse_in_order(items, job, workers, chunk_documents or CHUNK_DOCUMENTS)):
        if isinstance(item, ReadError):
            _report_read_error(item, failures)
        for message in result.failures if result is not None else ():
            failures.report(message)
        yield item, result


def _analyse_safely(doc: Document, failures: Failures, time_limit: float | None = None) -> Analysis | None:
    """One document's analysis; a crash in an extractor, or one past the time limit, fails that document."""
    from csrledger.batch import analyse_safely

    return analyse_safely(doc, failures.report, time_limit)


@contextmanager
def _ledger(db: str | None) -> Iterator[Ledger]:
    from csrledger.store.ledger import Ledger

    ledger = Ledger(db)
    try:
        yield ledger
    finally:
        ledger.close()


def cmd_extract(args: argparse.Namespace) -> int:
    """Analyse to a temporary file renamed at the end: an interrupted run leaves no half-written output.

    A document that cannot be analysed or written is one message; the others are written.
    """
    failures = Failures()
    items = _corpus_items(args.corpus, failures, args)
    if args.output == "-":
        _write_analyses(items, failures, sys.stdout, args)
        return _finish(failures)
    target = Path(args.output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            _write_analyses(items, failures, out, args)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return _finish(failures)


def _write_analyses(items: Iterable[Document | ReadError], failures: Failures, out: TextIO,
                    args: argparse.Namespace) -> None:
    """The workers analyse and serialise; lines are written here, in input order."""
    from csrledger.workers import AnalysisJob

    job = AnalysisJob(args.time_limit, lines=True, with_text=args.with_text)
    for _item, result in _analysed(items, failures, job, args.workers):
        if result is not None and result.line is not None:
            out.write(result.line)


def _disk_full(exc: BaseException) -> bool:
    """SQLite's SQLITE_FULL (or the OS's ENOSPC): no other document could be stored either."""
    import errno

    original = getattr(exc, "orig", exc)
    return (getattr(original, "sqlite_errorcode", None) == 13 or getattr(original, "errno", None) == errno.ENOSPC
            or "database or disk is full" in str(exc))


class _Current:
    """A document whose stored analysis is current: passed through the workers unanalysed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc


def cmd_run(args: argparse.Namespace) -> int:
    from csrledger.workers import AnalysisJob

    failures = Failures()
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with _ledger(args.db) as ledger:
        def not_current(items: Iterable[Document | ReadError]) -> Iterator[Document | ReadError | _Current]:
            for item in items:
                yield _Current(item) if isinstance(item, Document) and ledger.is_current(item) else item

        job = AnalysisJob(args.time_limit)
        for item, result in _analysed(not_current(_corpus_items(args.corpus, failures, args)), failures, job,
                                      args.workers):
            if isinstance(item, _Current):
                counts["unchanged"] += 1
            elif isinstance(item, Document) and result is not None and result.analysis is not None:
                outcome = store_analysis(ledger, item, result.analysis, failures, counts)
                if outcome:
                    counts[outcome] += 1
    print(f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
          f"{failures.errors} failed", file=sys.stderr)
    return _finish(failures)


def store_analysis(ledger: Ledger, doc: Document, analysis: Analysis, failures: Failures,
                   counts: dict[str, int]) -> str | None:
    """Store one analysis: ``added``/``updated``/``unchanged``, or None after reporting why it failed.

    A full disk stops the run (no other document could be stored either), with what was done so far.
    """
    from csrledger.batch import reason, where

    try:
        return ledger.store(doc, analysis).outcome
    except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the run goes on
        if _disk_full(exc):
            raise SystemExit(
                f"csrledger: the disk holding the ledger is full: stopped at {where(doc)} (document "
                f"{doc.id!r} not stored) after {counts['added']} added and {counts['updated']} updated; "
                "nothing half-written is kept. Free some space and run again: stored documents are "
                "skipped.") from None
        failures.report(f"{where(doc)}: document {doc.id!r} could not be stored: {reason(exc)}")
        return None


def cmd_collect(args: argparse.Namespace) -> int:
    """Fetch what the sources list, politely and incrementally, and store the pages' analyses."""
    from csrledger.corpus.collect import CollectOptions, collect
    from csrledger.corpus.policy import FetchPolicy

    policy = FetchPolicy(user_agent=args.user_agent, delay=args.delay, timeout=args.timeout,
                         max_bytes=args.max_bytes, retries=args.retries)
    options = CollectOptions(policy, since=args.since, workers=args.workers, time_limit=args.time_limit)
    failures = Failures()
    with _ledger(args.db) as ledger:
        stats = collect(args.sources, ledger, options, failures.report, lambda items: _progress(items, "page"))
    print(stats.summary(), file=sys.stderr)
    return _finish(failures)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _add_collect(sub: Subcommands, db_help: str) -> None:
    from csrledger.corpus.policy import FetchPolicy

    default = FetchPolicy()
    p = sub.add_parser("collect", help="fetch news from feeds, sitemaps, pages or front pages into the ledger")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a feed, sitemap (index) or page URL; a site's front page (its feeds and sitemaps are "
                        "found); or a file of URLs, one a line")
    p.add_argument("--db", help=db_help)
    p.add_argument("--since", type=_date, metavar="DATE", help="leave out pages published before this YYYY-MM-DD")
    p.add_argument("--delay", type=float, default=default.delay, metavar="SECONDS",
                   help="between two requests to one host (default %(default)g; a longer robots.txt "
                        "Crawl-delay wins)")
    p.add_argument("--timeout", type=float, default=default.timeout, metavar="SECONDS",
                   help="for one answer, first to last byte (default %(default)g)")
    p.add_argument("--retries", type=int, default=default.retries,
                   help="after a server error or network failure, with doubling back-off (default %(default)s)")
    p.add_argument("--max-bytes", type=int, default=default.max_bytes, metavar="BYTES",
                   help="larger pages are skipped (default %(default)s)")
    p.add_argument("--user-agent", default=default.user_agent,
                   help="sent with every request; add a contact address for the sites' administrators")
    _add_time_limit(p)
    _add_workers(p)
    p.set_defaults(func=cmd_collect)


def _finish(failures: Failures) -> int:
    if failures.errors:
        print(f"{failures.errors} document(s) failed; the others were processed.", file=sys.stderr)
        return 1
    return 0


def _filters(args: argparse.Namespace) -> RecordFilter:
    from csrledger.store.queries import FilterError, RecordFilter

    try:
        return RecordFilter.from_params(vars(args))
    except FilterError as exc:
        raise SystemExit(f"csrledger: {exc}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from csrledger.report import render_summary
    from csrledger.store.curation import count_needing_review
    from csrledger.store.queries import summary

    flt = _filters(args)
    with _ledger(args.db) as ledger, ledger.engine.connect() as conn:
        print(render_summary(summary(conn, flt), db_label=f"({args.db or 'default'})"))
        pending = count_needing_review(conn)
    if pending:
        print(f"\nCurations that need review: {pending} (csrledger show DOC_ID, or the web page /review)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from csrledger.exports import MissingExtra
    from csrledger.store.export import export_to_path

    flt = _filters(args)
    with _ledger(args.db) as ledger, ledger.engine.connect() as conn:
        try:
            count = export_to_path(conn, flt, args.format, args.output, bom=args.bom)
        except MissingExtra as exc:
            raise SystemExit(f"csrledger: {exc}") from None
    print(f"{count} records written to {args.output}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from csrledger.evaluate import evaluate, render

    gold = _read_jsonl(args.gold)
    if args.pred:
        pred = _read_jsonl(args.pred)
    else:
        failures = Failures()
        analyses = (_analyse_safely(doc, failures) for doc in _progress(_documents(args.corpus, failures)))
        pred = {a.id: a.to_json() for a in analyses if a is not None}
    result = evaluate(gold, pred)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print(render(result, details=args.details))
    return 0


def _read_jsonl(path: str) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"csrledger: {path}:{number}: not JSON: {exc}") from None
                rows[row["id"]] = row
    return rows


def cmd_show(args: argparse.Namespace) -> int:
    """The document as stored: its mentions and its records with the curators' changes."""
    from csrledger.records.highlight import render_html, render_terminal
    from csrledger.store.curation import curations_needing_review
    from csrledger.store.queries import load_analysis

    with _ledger(args.db) as ledger, ledger.engine.connect() as conn:
        stored = load_analysis(conn, args.doc_id)
        pending = curations_needing_review(conn, args.doc_id)
    if stored is None:
        raise SystemExit(f"csrledger: no document {args.doc_id!r} in the ledger")
    doc, analysis = stored
    if args.html:
        Path(args.html).write_text(render_html(doc, analysis), encoding="utf-8")
        print(f"written {args.html}", file=sys.stderr)
    else:
        print(render_terminal(doc, analysis, color=sys.stdout.isatty()))
    if pending:
        out = sys.stderr if args.html else sys.stdout
        print(f"\nCurations that need review ({len(pending)}): they match no record of the text as analysed now; "
              "attach, keep or dismiss them on the web page /review", file=out)
        for cur in pending:
            anchor, fields = cur["anchor"], cur["fields"]
            amount = fields.get("amount", anchor.get("amount"))
            print(f"  needs review  {cur['review']} by {cur['user']}: {anchor.get('sponsor') or '—'} · "
                  f"{anchor.get('object') or fields.get('object')} · amount {amount}"
                  f"\n      sentence: {anchor.get('evidence') or '—'}", file=out)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from csrledger.web.app import serve

    serve(args.db, args.host, args.port, Path(args.regions_geojson) if args.regions_geojson else None,
          secure_cookie=True if args.secure_cookie else None)
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from csrledger.store.curation import CurationError, add_user

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    with _ledger(args.db) as ledger:
        try:
            add_user(ledger.engine, args.username, password)
        except CurationError as exc:
            raise SystemExit(f"csrledger: {exc}") from None
    print(f"curator {args.username!r} saved", file=sys.stderr)
    return 0


def cmd_import_kato(args: argparse.Namespace) -> int:
    from csrledger.geo.kato import import_kato

    count = import_kato(Path(args.file))
    print(f"{count} KATO units imported into the gazetteer", file=sys.stderr)
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    for name, help_text in (("region", "ISO 3166-2:KZ code, e.g. KZ-35"), ("sector", "sector"),
                            ("sponsor", "sponsor name"), ("year", "year"), ("status", "status"),
                            ("lang", "document language")):
        group.add_argument(f"--{name}", help=help_text)
    group.add_argument("--include-state", action="store_true",
                       help="also state spending (sponsor_kind state), left out by default")


def _add_time_limit(parser: argparse.ArgumentParser) -> None:
    from csrledger.batch import DEFAULT_TIME_LIMIT

    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                        help=f"fail a document whose analysis takes longer (default {DEFAULT_TIME_LIMIT:g}; 0: none)")


def _workers(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _add_warc_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("web archives (.warc, .warc.gz, .arc.gz)")
    group.add_argument("--warc-domain", action="append", metavar="SUFFIX",
                       help="read only pages of hosts ending so (kz keeps gov.kz and www.inform.kz); repeatable")
    group.add_argument("--warc-lang", metavar="LANGS",
                       help="read only pages in these languages, comma-separated (default ru,en,kk)")


def _add_workers(parser: argparse.ArgumentParser) -> None:
    from csrledger.workers import default_workers

    parser.add_argument("--workers", type=_workers, default=default_workers(), metavar="N",
                        help="processes analysing documents; output and ledger are the same as with 1 "
                             "(default: all cores, here %(default)s)")


def cmd_events(args: argparse.Namespace) -> int:
    """List the ledger's events, show one with its reports, or the promises by sponsor and region."""
    from csrledger.report import render_event, render_events, render_promises
    from csrledger.store.events import get_event, list_events, promises

    flt = _filters(args)
    with _ledger(args.db) as ledger, ledger.engine.connect() as conn:
        if args.event_id:
            event = get_event(conn, args.event_id)
            if event is None:
                raise SystemExit(f"csrledger: no event {args.event_id!r}")
            print(render_event(event))
        elif args.promises:
            print(render_promises(promises(conn, flt)))
        else:
            rows, total = list_events(conn, flt, per_page=args.limit, min_reports=2 if args.repeated else 1)
            print(render_events(rows, total))
    return 0


def cmd_events_regroup(args: argparse.Namespace) -> int:
    from csrledger.store.events import regroup

    with _ledger(args.db) as ledger:
        stats = regroup(ledger.engine, ledger.embedder)
    print(f"{stats['records']} records in {stats['events']} events ({stats['reported_by_several']} reported by "
          f"several documents; {stats['embedded']} texts embedded)", file=sys.stderr)
    return 0


def cmd_events_curate(args: argparse.Namespace) -> int:
    """A curator's merge or split, audited under the curator's name."""
    from csrledger.store.event_curation import merge_events, split_record

    with _ledger(args.db) as ledger:
        try:
            if args.events_command == "merge":
                result = merge_events(ledger.engine, args.event_id, args.other_id, args.user)
            else:
                result = split_record(ledger.engine, args.record_id, args.user)
        except (LookupError, ValueError) as exc:
            raise SystemExit(f"csrledger: {exc}") from None
    print(json.dumps(result), file=sys.stderr)
    return 0


def _add_events(sub: Subcommands, db_help: str) -> None:
    p = sub.add_parser("events", help="investments reported by several documents, and promises")
    p.add_argument("event_id", nargs="?", help="show this event: its reports side by side and its timeline")
    p.add_argument("--promises", action="store_true", help="promises by sponsor and region: delivered, overdue, open")
    p.add_argument("--repeated", action="store_true", help="only events reported by two or more records")
    p.add_argument("--limit", type=int, default=50, help="events listed (default 50)")
    p.add_argument("--db", help=db_help)
    _add_filters(p)
    p.set_defaults(func=cmd_events)
    ev_sub = p.add_subparsers(dest="events_command")
    q = ev_sub.add_parser("regroup", help="group every record again (keeps curators' merges and splits)")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_events_regroup)
    q = ev_sub.add_parser("merge", help="a curator's word: two events are one investment")
    q.add_argument("event_id")
    q.add_argument("other_id")
    q.add_argument("--user", required=True, help="the curator, for the audit log")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_events_curate)
    q = ev_sub.add_parser("split", help="a curator's word: this record is another investment than its event")
    q.add_argument("record_id", type=int)
    q.add_argument("--user", required=True, help="the curator, for the audit log")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_events_curate)


def build_parser() -> argparse.ArgumentParser:
    from csrledger import __version__

    parser = argparse.ArgumentParser(prog="csrledger", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "ledger database: a SQLite path or SQLAlchemy URL (default $CSRLEDGER_DB or ./csrledger.db)"

    p = sub.add_parser("extract", help="analyse a corpus into an analysis JSONL file")
    p.add_argument("corpus", help="a .jsonl/.txt/.html file (optionally .gz), a .warc/.warc.gz archive, or a folder")
    p.add_argument("-o", "--output", required=True, help="analysis JSONL file, or - for stdout")
    p.add_argument("--with-text", action="store_true",
                   help="add each document's analysed text to its line, so offsets can be checked")
    _add_time_limit(p)
    _add_workers(p)
    _add_warc_filters(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="analyse a corpus and store it in the ledger")
    p.add_argument("corpus")
    p.add_argument("--db", help=db_help)
    _add_time_limit(p)
    _add_workers(p)
    _add_warc_filters(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("report", help="print the ledger's summary")
    p.add_argument("--db", help=db_help)
    _add_filters(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export", help="write the ledger's records to a file")
    p.add_argument("--format", choices=("csv", "jsonl", "json", "xlsx", "parquet", "ftm"), default="csv",
                   help="parquet and ftm (FollowTheMoney entities) need the 'exports' extra")
    p.add_argument("-o", "--output", required=True, help="output file, or - for stdout")
    p.add_argument("--bom", action="store_true", help="start a CSV with a UTF-8 byte-order mark (for Excel)")
    p.add_argument("--db", help=db_help)
    _add_filters(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("evaluate", help="score the analysis of a corpus against gold annotations")
    p.add_argument("corpus", nargs="?", help="corpus to analyse (or give --pred)")
    p.add_argument("--gold", required=True)
    p.add_argument("--pred", help="score this analysis file instead of analysing the corpus")
    p.add_argument("--details", action="store_true", help="list misses and extras per document")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("show", help="show a stored document with its highlights and records")
    p.add_argument("doc_id")
    p.add_argument("--db", help=db_help)
    p.add_argument("--html", help="write an HTML page instead of printing")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("serve", help="serve the ledger in a browser")
    p.add_argument("--db", help=db_help)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--regions-geojson", help="region boundaries (GeoJSON) for a choropleth map")
    p.add_argument("--secure-cookie", action="store_true",
                   help="mark the session cookie Secure and send HSTS, behind TLS (also $CSRLEDGER_SECURE_COOKIE=1)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("user", help="manage curators")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    q = user_sub.add_parser("add", help="create a curator (or reset a password)")
    q.add_argument("username")
    q.add_argument("--db", help=db_help)
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    q.set_defaults(func=cmd_user_add)

    p = sub.add_parser("gazetteer", help="manage the gazetteer")
    gaz_sub = p.add_subparsers(dest="gazetteer_command", required=True)
    q = gaz_sub.add_parser("import-kato", help="load the official KATO classifier (CSV or XLSX)")
    q.add_argument("file")
    q.set_defaults(func=cmd_import_kato)
    _add_events(sub, db_help)
    from csrledger.cluster.commands import add_commands as add_cluster_commands

    add_cluster_commands(sub, db_help, _add_time_limit)
    _add_collect(sub, db_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    # numpy serves only small sums here; its BLAS threads would start with every command and
    # compete with the worker processes (unless the user asks for them)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    args = build_parser().parse_args(argv)
    if args.command == "evaluate" and not (args.corpus or args.pred):
        raise SystemExit("csrledger evaluate: give a CORPUS to analyse or --pred ANALYSIS")
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
