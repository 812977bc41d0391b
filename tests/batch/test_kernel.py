"""What the notebook's kernel does, run in this process: per-document isolation, layout cell, results stream."""

from __future__ import annotations

import json

from pypdf import PdfReader

from scenario_lib.batch.kernel import render_documents, select_ids
from scenario_lib.batch.status import Status

OK, FAILED = Status.OK.value, Status.FAILED.value  # as the kernel streams them


def test_bad_document_does_not_stop_the_others_and_results_are_streamed(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 2)
    broken = helpers.break_file(bank.folder)
    items = [str(bank.entry(ids[0]).path), str(broken), ids[1]]  # a file, a broken file, an id
    results = tmp_path / "resultats.jsonl"

    records = render_documents(str(bank.folder), items, "pdf", str(tmp_path / "out"), results_path=str(results))

    assert [r["status"] for r in records] == [OK, FAILED, OK]
    assert "situation-cassee.yaml" in records[1]["error"] and "YAML invalide" in records[1]["error"]
    for record in (records[0], records[2]):
        reader = PdfReader(record["output"])
        text = reader.pages[0].extract_text().replace("\n", " ").replace("\u00a0", " ").replace("\u202f", " ")
        assert record["title"] in text  # typeset on the sheet: no-break spaces read back as spaces
    events = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in events] == ["start", "end"] * 3
    assert not list((tmp_path / "out").glob(".*"))  # no temp file left behind


def test_layout_cell_reaches_the_sheet(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 1)
    css = "h1 { color: rgb(1, 2, 3); } /* </style><script>alert(1)</script> */"
    [record] = render_documents(
        str(bank.folder),
        ids,
        "html",
        str(tmp_path / "out"),
        css=css,
        context={"etablissement": "Lycée Jean Moulin", "classe": "Tle MCV B"},
    )
    html = (tmp_path / "out" / f"{ids[0]}.html").read_text(encoding="utf-8")
    assert record["status"] == OK
    assert "h1 { color: rgb(1, 2, 3); }" in html
    assert html.index("rgb(1, 2, 3)") > html.index("@page")  # after the template's print CSS: it wins
    assert "</style><script>" not in html  # the override cannot close the style element
    assert "Lycée Jean Moulin" in html and "Tle MCV B" in html


def test_selection_by_level(tmp_path, helpers):
    bank, ids = helpers.make_bank(tmp_path / "banque", 2)
    other = bank.save(helpers.scenario(9, level="seconde")).id
    assert sorted(select_ids(str(bank.folder), "terminale")) == sorted(ids)
    assert sorted(select_ids(str(bank.folder))) == sorted([*ids, other])


def test_system_errors_are_named_in_french_even_behind_a_french_wrapper(tmp_path):
    import errno

    from scenario_lib.batch.kernel import french_reason
    from scenario_lib.files import atomic_output

    target = tmp_path / "fiche.pdf"
    try:
        with atomic_output(target):  # what export() writes through: it wraps the OSError « from None »
            raise OSError(errno.ENOSPC, "No space left on device")
    except Exception as exc:  # noqa: BLE001
        reason = french_reason(exc)
    assert reason == f"disque plein : « {target} » ; libérez de la place puis relancez la même commande"
    assert (
        french_reason(PermissionError(errno.EACCES, "Permission denied", "/r/x.pdf")) == "accès refusé : « /r/x.pdf »"
    )
    assert french_reason(ValueError("x")) == "erreur inattendue (ValueError) : x"
