"""``python -m store import``: check a dataset's files and save them as a new dataset, for administrators.

    python -m store import --name NAME [--indicators F] [--survey F] [--framework F] [--regions F]
                           [--public] [--note TEXT] [--user NAME] [--lang zh|en|both]
                           [--set-group G] [--set-region R] [--set-year Y] [--mapping F] [--save-mapping F]

A survey that is a platform's export (问卷星, 腾讯问卷, LimeSurvey), or given with ``--set-*`` or
``--mapping``, is mapped and converted as ``python -m metrics validate --kind survey`` does
(:func:`metrics.cli.platform_survey`: the platform and the mapping printed) and stored converted to the
survey layout; the version keeps, as the Data page does, ``extra["survey_import"]`` (platform, mapping,
the source file's name, size and SHA-256) and ``extra["survey_quality"]`` (the response-quality summary).
The files are checked exactly as the Data page checks an upload (:func:`store.validate_files`, the same
bilingual report, printed on stdout); with any error the command exits with status 1 and nothing is
stored.  Otherwise the version is saved with its parsed snapshot (:mod:`store.snapshot`) in the
database of ``DGS_DATABASE_URL`` (or ``.streamlit/secrets.toml``, or ``var/dgs.db``, as the dashboard),
progress goes to stderr, and the last line printed is the dashboard query that opens it
(``?dataset=db:<id>@<version>``).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from metrics.cli import add_platform_args

from . import LOCAL_USER, get_store
from .errors import StoreError
from .models import KINDS

#: Prefix of a saved version's dataset key in the dashboard's URL (``ui.workspace.make_key``).
KEY_PREFIX = "db:"


def dataset_query(dataset_id, version) -> str:
    """The dashboard query that opens a saved version: ``?dataset=db:<id>@<version>``."""
    return f"?dataset={KEY_PREFIX}{dataset_id}@{int(version)}"


_NOTHING = "未保存任何内容：请修正以上错误后重试 / Nothing was stored: fix the errors above and run again"


def _progress(step: int, total: int, zh: str, en: str, t0: float) -> None:
    print(f"[{step}/{total}] {zh} / {en} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr, flush=True)


def _survey_import(files: dict, args: argparse.Namespace):
    """The survey of ``files`` converted when it is a platform export (``files`` updated in place): returns
    ``(conversion problems, extra record)``, or ``None`` when the conversion fails (its report printed)."""
    import hashlib

    from metrics.cli import platform_survey
    from metrics.data import default_regions
    from metrics.errors import DataError
    from metrics.safe import to_csv_bytes

    from .parse import reference_tables
    try:
        fw, regions = reference_tables(files)
    except DataError:
        return [], {}                 # the framework or region table has errors: the report says which
    name, data = files["survey"]
    imported = platform_survey(data, name, fw, regions or default_regions(), args)
    if imported is None:
        return [], {}
    if imported is False:
        return None
    frame, problems, mapping = imported
    files["survey"] = (f"{Path(name).stem}.csv", to_csv_bytes(frame))
    return problems, {"survey_import": {"platform": mapping.get("platform"), "mapping": mapping,
                                        "source": {"file": name, "size": len(data),
                                                   "sha256": hashlib.sha256(data).hexdigest(), "sheet": None}}}


def _survey_quality(files: dict, lang: str) -> dict | None:
    """Response-quality summary of the survey as stored (as the Data page keeps it), its counts printed."""
    from metrics.data import read_survey
    from metrics.errors import DataError
    from metrics.survey_quality import check_quality

    from .parse import reference_tables
    name, data = files["survey"]
    try:
        fw = reference_tables(files)[0]
        s = read_survey(data, fw, name=name)
    except DataError:
        return None
    q = check_quality(s.frame, fw, s.meta)
    print("\n".join(q.text(lg) for lg in (("zh", "en") if lang == "both" else (lang,))))
    return q.summary()


def cmd_import(args: argparse.Namespace) -> int:
    from metrics.errors import Report
    from metrics.validate import format_report

    from .parse import validate_files

    t0 = time.perf_counter()
    paths = {k: getattr(args, k) for k in KINDS if getattr(args, k)}
    if not any(k in paths for k in ("indicators", "survey")):
        print("错误：请至少给出 --indicators 或 --survey 之一 / Error: give --indicators, --survey or both")
        return 1
    files = {}
    _progress(1, 4, "读取文件", "reading the files", t0)
    for kind, path in paths.items():
        try:
            files[kind] = (Path(path).name, Path(path).read_bytes())
        except OSError as exc:
            print(f"错误：无法读取文件“{path}”（{exc.strerror}） / Error: cannot read the file '{path}' ({exc.strerror})")
            return 1
    before, extra = [], {}
    if "survey" in files:
        try:
            converted = _survey_import(files, args)
        except (ValueError, KeyError, TypeError, OSError) as exc:     # --mapping or --save-mapping unusable
            print(f"错误：映射文件无法使用（{exc}） / Error: the mapping cannot be used ({exc})")
            print(_NOTHING)
            return 1
        if converted is None:
            print(_NOTHING)
            return 1
        before, extra = converted
    _progress(2, 4, "检查文件（与数据管理页相同）", "checking the files (as the Data page does)", t0)
    report, ds = validate_files(files)
    if before:
        report = Report(before + report.problems)
    print(format_report(report, args.lang))
    if not report.ok or ds is None:
        print(_NOTHING)
        return 1
    if "survey" in files:
        summary = _survey_quality(files, args.lang)
        if summary is not None:
            extra["survey_quality"] = summary
    _progress(3, 4, "保存版本及其解析快照", "saving the version and its parsed snapshot", t0)
    store = get_store()
    try:
        v = store.save_version(args.name, files, user=args.user, description=args.note or "", public=args.public,
                               extra=extra or None)
    except (StoreError, TypeError) as exc:
        print(f"错误 / Error: {exc}")
        return 1
    _progress(4, 4, "完成", "done", t0)
    print(f"已保存数据集 #{v.dataset_id} v{v.version}（指纹 {v.fingerprint[:12]}）/ Saved dataset #{v.dataset_id} "
          f"v{v.version} (fingerprint {v.fingerprint[:12]}) in {store!r}")
    print(dataset_query(v.dataset_id, v.version))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m store",
                                     description="协同治理评估 · Data Governance Synergy — the dataset store")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="check files as the Data page does and save them as a new dataset "
                                      "(exit 1 on errors, nothing stored)")
    p.add_argument("--name", required=True, help="name of the new dataset")
    for kind in KINDS:
        p.add_argument(f"--{kind}", metavar="FILE", help=f"{kind} file (CSV or .xlsx)")
    p.add_argument("--public", action="store_true", help="visible to every user (default: the owner only)")
    p.add_argument("--note", default="", help="description of the dataset")
    p.add_argument("--user", default=LOCAL_USER,
                   help=f"owner of the dataset (default '{LOCAL_USER}', the workspace without login; with login "
                        "configured, the e-mail address the user logs in with)")
    p.add_argument("--lang", default="both", choices=["zh", "en", "both"], help="language of the report")
    add_platform_args(p, "survey platform exports (问卷星, 腾讯问卷, LimeSurvey; --survey): converted to the "
                         "survey layout and stored so, with the mapping kept in the version's record")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return int(args.func(args) or 0)
