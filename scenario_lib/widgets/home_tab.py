"""Accueil tab: what Spirale is for, the three first steps with buttons that open their tabs, the sample bank."""

from __future__ import annotations

import html

import ipywidgets as w

from ..text import fold
from .base import Tab, button

STEPS = (
    (
        "Référentiel",
        "1. Lire le référentiel",
        "Parcourez les blocs, les compétences et leurs critères ; cliquez sur une ligne pour voir à droite les "
        "tâches du RAP, les résultats attendus et les outils numériques.",
    ),
    (
        "Composer",
        "2. Composer une situation",
        "Indiquez le niveau et, si vous le souhaitez, les blocs à croiser ; « Proposer » suggère des situations "
        "expliquées, « Choisir » en reprend une dans le formulaire, l'aperçu de la fiche se met à jour à chaque "
        "modification.",
    ),
    (
        "Banque",
        "3. Retrouver vos situations dans la banque",
        "Toutes les situations enregistrées : triez ou filtrez chaque colonne, ouvrez, dupliquez, supprimez "
        "(la corbeille garde ce qui est supprimé).",
    ),
)
TIPS = (
    "<ul class='spirale-astuces'>"
    "<li>Dans les listes à choix multiples, <b>Ctrl + clic</b> (<b>Cmd + clic</b> sur Mac) ajoute ou retire "
    "un élément ; <b>Maj + clic</b> choisit une plage.</li>"
    "<li>Survolez un bouton ou un champ : une bulle d'aide dit ce qu'il fait.</li>"
    "<li>Les messages (enregistrement, export, erreur) s'affichent en bas à droite de l'écran.</li>"
    "<li>Les heures s'écrivent avec une virgule : « 1,5 » pour une heure et demie.</li></ul>"
)


class HomeTab(Tab):
    title = "Accueil"
    _goto = None  # the atelier's `show_tab`, given by `attach`

    def build(self) -> None:
        state = self.state
        self.step_buttons: dict[str, w.Button] = {}
        cards = []
        for target, heading, text in STEPS:
            go = button(f"Ouvrir l'onglet « {target} »", f"accueil-{fold(target)}", "arrow-right", "primary")
            go.tooltip = f"Afficher l'onglet « {target} »"
            go.on_click(lambda _, t=target: self._goto and self._goto(t))
            self.step_buttons[target] = go
            card = w.VBox(
                [w.HTML(f"<h4>{html.escape(heading)}</h4><p>{html.escape(text)}</p>"), go],
                layout=w.Layout(flex="1 1 300px", min_width="0"),
            )
            card.add_class("spirale-carte")
            card.add_class("spirale-etape")
            cards.append(card)
        self.sample = w.HTML()
        self.sample.add_class("spirale-accueil-banque")
        intro = w.HTML(
            "<h3>Accueil — par où commencer</h3><p>Spirale aide les binômes d'enseignants de la voie "
            "professionnelle à construire des situations d'apprentissage à partir du référentiel, à "
            "les décliner de la Seconde à la Terminale et à les placer dans une progression. "
            "Trois premiers pas :</p>"
        )
        self.widget = w.VBox(
            [
                intro,
                w.HBox(cards, layout=w.Layout(flex_flow="row wrap")),
                self.sample,
                w.HTML("<h4>Bon à savoir</h4>" + TIPS),
            ]
        )
        self.widget.add_class("spirale-accueil")
        state.on_bank_change(self.refresh)
        self.refresh()

    def attach(self, atelier) -> None:
        """The atelier gives the step buttons a way to show its other tabs."""
        self._goto = atelier.show_tab

    def refresh(self) -> None:
        from ..bank import sample_bank_dir

        with self.state.guard("Lecture de la banque"):
            entries = self.state.bank.list()
            count = len(list(sample_bank_dir().glob("*.yaml")))
            self.sample.value = (
                f"<h4>La banque</h4><p>Votre banque est le dossier <code>{html.escape(str(self.state.bank_dir))}"
                f"</code> ; elle contient {len(entries)} document(s). À la première ouverture, Spirale y dépose "
                f"{count} situations d'exemple (Seconde, Première, Terminale et titre professionnel) : ouvrez-les "
                "pour voir une fiche complète, dupliquez-les pour partir d'un modèle, supprimez-les quand vous "
                "n'en avez plus besoin (elles restent dans la corbeille).</p>"
            )
