from scenario_lib.widgets.table import DataTable


def make(rows=None, page_size=15):
    table = DataTable({"Titre": "1fr", "Niveau": "8em"}, page_size=page_size)
    table.set_rows(
        rows
        or [
            ("a", ["Zèbre", "Seconde"], ["zebre", 1]),
            ("b", ["Âne", "Première"], ["ane", 2]),
            ("c", ["Biche", "Seconde"], ["biche", 1]),
        ]
    )
    return table


def test_sort_by_column_keys_then_reverse():
    table = make()
    table.sort_by("Titre")
    assert table.shown_values() == ["b", "c", "a"] and "▲" in table.headers[0].description
    table.sort_by("Titre")
    assert table.shown_values() == ["a", "c", "b"] and "▼" in table.headers[0].description


def test_filter_per_column_ignores_accents_and_case():
    table = make()
    table.filters["Titre"].value = "ANE"
    assert table.shown_values() == ["b"]
    table.filters["Titre"].value = ""
    table.filters["Niveau"].value = "seconde"
    assert set(table.shown_values()) == {"a", "c"}
    table.filters["Niveau"].value = "terminale"
    assert table.options == [] and "Aucune ligne" in table.position.value


def test_a_click_on_any_cell_chooses_its_row_and_pages_turn():
    table = make([(i, [f"Titre {i:02d}", "Seconde"], [i, 1]) for i in range(20)], page_size=8)
    table.sort_by("Titre")
    assert len(table.body.children) == 16  # 8 rows × 2 columns
    table.next.click()
    table.body.children[3].click()  # second row, second column of page 2
    assert table.value == 9 and "spirale-ligne-choisie" in table.body.children[2]._dom_classes
    assert "Lignes 9–16 sur 20" in table.position.value
