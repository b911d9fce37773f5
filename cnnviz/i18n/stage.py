"""Sentences of the stage, the one component that plays every grid animation."""

TEXT: dict[str, dict[str, str]] = {
    "stage.step_of": {"en": "Step {i} / {n}", "fr": "Étape {i} / {n}"},
    "stage.play": {"en": "▶ Play", "fr": "▶ Lecture"},
    "stage.pause": {"en": "‖ Pause", "fr": "‖ Pause"},
    "stage.back": {"en": "◀ Back", "fr": "◀ Précédente"},
    "stage.forward": {"en": "Next ▶", "fr": "Suivante ▶"},
    "stage.first": {"en": "First step", "fr": "Première étape"},
    "stage.last": {"en": "Last step", "fr": "Dernière étape"},
    "stage.speed": {"en": "Speed", "fr": "Vitesse"},
    "stage.scrub": {"en": "Choose a step", "fr": "Choisir une étape"},
    "stage.keys": {
        "en": "Animation. Keys: ← → or Page Up / Page Down step, Space plays or pauses, "
              "Home / End jump to the first or last step.",
        "fr": "Animation. Touches\u202f: ← → ou Page préc. / Page suiv. pour avancer d’une étape, "
              "Espace pour lire ou mettre en pause, Début / Fin pour aller à la première ou à la "
              "dernière étape.",
    },
    "stage.thinned": {
        "en": "{shown} of the {total} steps are shown, evenly spread.",
        "fr": "{shown} des {total} étapes sont montrées, réparties régulièrement.",
    },
}
TEXT.update({
    "lecture.toggle": {"en": "Lecture mode", "fr": "Mode cours"},
    "lecture.help": {
        "en": "For the projector: larger type, the animation across the whole width, no "
              "introductions or secondary controls, sidebar folded. Kept in the link (?lecture=1).",
        "fr": "Pour le vidéoprojecteur\u202f: texte plus grand, l’animation sur toute la largeur, "
              "sans introductions ni réglages secondaires, barre latérale repliée. Conservé dans "
              "le lien (?lecture=1).",
    },
})
TEXT.update({
    "sep.anim_view": {"en": "Which convolution", "fr": "Quelle convolution"},
})
