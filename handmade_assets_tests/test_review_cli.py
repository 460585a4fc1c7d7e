import json

from handmade_assets.generation.composer import compose_draft
from handmade_assets.generation.publishing import Approval, approval_key, publish, read_history
from handmade_assets.review import main
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

import pandas as pd


def test_decisions_are_written_where_publishing_reads_them(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    main(["approve", "l0", "de", "--persona", "visual_poet", "--reviewer", "ana"], store=store)
    decision = Approval.model_validate_json(store.get_bytes(approval_key("l0", "de")))
    assert (decision.action, decision.persona, decision.reviewer) == ("approve", "visual_poet", "ana")

    edited = tmp_path / "edited.json"
    edited.write_text(compose_draft(FACTS_BY_LISTING["l1"], "maker_advocate", "en").model_dump_json())
    main(["edit", "l1", "en", "--file", str(edited), "--reviewer", "ben"], store=store)
    assert Approval.model_validate_json(store.get_bytes(approval_key("l1", "en"))).content is not None


def test_history_and_revert_from_the_command_line(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    rows = []
    for persona in ("visual_poet", "maker_advocate"):
        content = compose_draft(FACTS_BY_LISTING["l0"], persona, "en")
        rows.append({"listing_id": "l0", "locale": "en", "persona": persona, "content_hash": persona,
                     "content_json": content.model_dump_json(), "allocation_source": "uniform"})
        publish(store, pd.DataFrame(rows[-1:]), "b1")
    assert "maker_advocate" in main(["history", "l0", "en"], store=store)
    main(["revert", "l0", "en", "visual_poet", "--reviewer", "ana"], store=store)
    live = json.loads(store.get_bytes("published/en/l0.json"))
    assert live["persona"] == "visual_poet" and live["source"] == "reverted by ana"
    assert len(read_history(store, "l0", "en")) == 3
