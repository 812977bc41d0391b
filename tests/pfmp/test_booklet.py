import pytest

from scenario_lib.bank import Bank, sample_bank_dir
from scenario_lib.pfmp import build_booklets, read_class_list
from scenario_lib.render.html import render_html
from scenario_lib.validation import InvalidDocumentError


@pytest.fixture
def booklet(class_list, ref):
    return build_booklets(read_class_list(class_list), "terminale", ref)[0]


def test_planned_activities_come_from_the_linked_situations(class_list, ref):
    bank = Bank(sample_bank_dir())
    linked = [bank.get(e.id) for e in bank.list(doc_type="scenario", level="terminale")]
    booklet = build_booklets(read_class_list(class_list), "terminale", ref, linked)[0]
    assert booklet.periods == ("PFMP 3", "PFMP 4")
    for row in booklet.rows:
        titles = [s.title for s in linked if row.competence in s.competences]
        assert all(t in row.planned["PFMP 3"] for t in titles) and (row.planned["PFMP 3"] == "") == (not titles)
    assert [r.competence for r in booklet.rows] == [c.code for c in ref.competences]


@pytest.mark.parametrize(
    "update, expected",
    [
        ({"levels": {"PFMP 3": {"1.1.1": "Z"}}}, "niveau « Z » inconnu pour 1.1.1"),
        ({"levels": {"PFMP 1": {"1.1.1": "A"}}}, "période « PFMP 1 » inconnue pour l'année Terminale"),
        ({"levels": {"PFMP 3": {"9.9.9": "A"}}}, "sous-compétence inconnue « 9.9.9 »"),
        ({"attitudes": {"PFMP 4": {"AP99": "A"}}}, "attitude inconnue « AP99 »"),
    ],
)
def test_bad_levels_are_refused_in_french(booklet, update, expected):
    data = booklet.model_dump(mode="json") | update
    with pytest.raises(InvalidDocumentError, match=expected):
        from scenario_lib.document import parse_document

        parse_document(data, "livret_pfmp")


def test_booklet_sheet_has_official_grids_summary_of_periods_and_attestation(booklet, ref):
    page = render_html(booklet.model_copy(update={"levels": {"PFMP 3": {"4B.3.2": "E"}}}))
    for comp in ref.competences:
        assert comp.title.replace("'", "&#39;") in page
    assert all(a.title.replace("'", "&#39;") in page for a in ref.attitudes)
    summary = page.split("Récapitulatif des périodes")[1].split("</section>")[0]
    rule = next(r for r in ref.pfmp_rules if r.rule == "livret-pfmp" and r.grade == "terminale")
    assert rule.description.splitlines()[-1].replace("'", "&#39;") in summary
    assert booklet.pupil.company in summary and "1 sous-compétence(s)" in summary
    assert ref.official_text("attestation-terminale-certification").replace("'", "&#39;") in page


def test_pupils_sharing_a_long_name_beginning_get_one_booklet_each(ref):
    from scenario_lib.pfmp import Pupil

    stem = "De La Fontaine-Saint-Exupéry-Montmorency-Beauharnais-Villeneuve-Lès-Avignon "
    people = [Pupil(last_name=stem + suffix, first_name="Marie-Charlotte", grade="1MCVB") for suffix in ("A", "B", "C")]
    ids = [b.id for b in build_booklets(people, "premiere", ref)]
    assert len(set(ids)) == 3 and all(len(i) <= 64 for i in ids)
    accents = [
        Pupil(last_name="Lefèvre", first_name="Léa", grade="1MCVB"),
        Pupil(last_name="Lefevre", first_name="Lea", grade="1MCVB"),
    ]
    assert len({b.id for b in build_booklets(accents, "premiere", ref)}) == 2
    assert build_booklets(people[:1], "premiere", ref)[0].id == ids[0]  # stable: same pupil, same booklet


def test_two_pupils_that_would_share_a_booklet_are_refused_loudly(ref):
    from scenario_lib.errors import SpiraleError
    from scenario_lib.pfmp import Pupil

    twins = [
        Pupil(last_name="Martin", first_name="Léa", grade="1MCVB"),
        Pupil(last_name="MARTIN", first_name="léa", grade="1MCVB"),
    ]
    with pytest.raises(SpiraleError, match="MARTIN Léa et MARTIN léa auraient le même livret"):
        build_booklets(twins, "premiere", ref)


@pytest.mark.parametrize("year", ["premiere", "terminale"])
def test_a_pupil_booklet_prints_on_six_pages_at_most(class_list, ref, tmp_path, year):
    """~30 pupils a class: the grid's columns are fixed and compact (it took 10 pages a pupil before)."""
    from pypdf import PdfReader

    from scenario_lib.render import export
    from scenario_lib.typography import typeset
    from tests.render.pdftext import pdf_pages_text, squash

    bank = Bank(sample_bank_dir())
    linked = [bank.get(e.id) for e in bank.list(doc_type="scenario", level=year)]  # planned activities filled
    booklet = build_booklets(read_class_list(class_list), year, ref, linked)[0]
    booklet = booklet.model_copy(update={"levels": {booklet.periods[0]: {"1.1.1": "A", "4B.3.2": "E"}}})
    path = export(booklet, "pdf", tmp_path, etablissement="Lycée Jean Moulin")
    assert len(PdfReader(path).pages) <= 6
    text = squash("".join(pdf_pages_text(path)))
    for sub in (s for c in ref.competences for s in c.sub_competences):  # nothing dropped to save room
        assert squash(sub.title) in text, sub.code
    assert all(squash(a.title) in text for a in ref.attitudes) and squash(typeset(linked[0].title)) in text
