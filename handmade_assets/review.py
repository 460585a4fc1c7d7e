"""A reviewer's command line: decide on held descriptions and revert published ones.

    python -m handmade_assets.review approve LISTING LOCALE --persona visual_poet --reviewer ana
    python -m handmade_assets.review edit LISTING LOCALE --file edited.json --reviewer ana
    python -m handmade_assets.review reject LISTING LOCALE --note "wrong glaze" --reviewer ana
    python -m handmade_assets.review history LISTING LOCALE
    python -m handmade_assets.review revert LISTING LOCALE CONTENT_HASH --reviewer ana

Decisions are files in the artifact store (approvals/<locale>/<listing>.json); the next run of
the listing's batch (re-materialize `published_descriptions` in the UI) applies them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from handmade_assets.generation.publishing import Approval, approval_key, read_history, revert
from handmade_assets.generation.schema import DraftContent
from handmade_assets.resources import build_resources


def main(argv: list[str] | None = None, store=None) -> str:
    parser = argparse.ArgumentParser(prog="python -m handmade_assets.review")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("approve", "edit", "reject", "history", "revert"):
        command = commands.add_parser(name)
        command.add_argument("listing_id")
        command.add_argument("locale")
        if name == "revert":
            command.add_argument("content_hash")
        if name != "history":
            command.add_argument("--reviewer", required=True)
        if name == "approve":
            command.add_argument("--persona", required=True)
        if name == "edit":
            command.add_argument("--file", required=True, type=Path, help="a DraftContent JSON file")
        command.add_argument("--note", default="")
    args = parser.parse_args(argv)
    store = store or build_resources()["artifact_store"]

    if args.command == "history":
        lines = [f"{h['published_at']}  {h['content_hash'][:16]}  {h['persona']:<24} {h['source']}"
                 for h in read_history(store, args.listing_id, args.locale)]
        return "\n".join(lines) or "never published"
    if args.command == "revert":
        entry = revert(store, args.listing_id, args.locale, args.content_hash, args.reviewer)
        return f"reverted {args.listing_id}/{args.locale} to {entry['content_hash'][:16]}"
    content = None
    if args.command == "edit":
        content = DraftContent.model_validate_json(args.file.read_text())
    approval = Approval(action=args.command, reviewer=args.reviewer,
                        persona=getattr(args, "persona", None), content=content, note=args.note)
    key = approval_key(args.listing_id, args.locale)
    store.put_bytes(key, approval.model_dump_json(indent=1).encode(), "application/json")
    return f"wrote {store.uri(key)}; re-materialize the listing's batch to apply it"


if __name__ == "__main__":
    print(main())
