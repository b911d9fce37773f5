"""Sentences of the Convolution lesson (keys prefixed ``conv.``)."""

TEXT: dict[str, dict[str, str]] = {
    "conv.title": {"en": "Convolution, step by step", "fr": "La convolution, pas à pas"},
    "conv.intro": {
        "en": "A small kernel slides over the input. At each position it multiplies the cells it "
              "covers by its weights and adds the products: that sum is one cell of the output "
              "(the feature map). Press ▶ under the grids to play, or step with the arrow keys.",
        "fr": "Un petit noyau glisse sur l’entrée. À chaque position, il multiplie les cases "
              "qu’il couvre par ses poids et additionne les produits : cette somme donne une case "
              "de la sortie (la carte de caractéristiques). Appuyez sur ▶ sous les grilles pour "
              "lancer l’animation, ou avancez d’une étape avec les flèches du clavier.",
    },
    # --- controls ---------------------------------------------------------------------------------
    "conv.ctl.view": {"en": "What to show", "fr": "Ce qu’on montre"},
    "conv.view.conv": {"en": "Convolution", "fr": "Convolution"},
    "conv.view.transposed": {"en": "Transposed convolution", "fr": "Convolution transposée"},
    "conv.ctl.rect": {"en": "Rectangular (separate height and width)",
                      "fr": "Rectangulaire (hauteur et largeur séparées)"},
    "conv.help.rect": {
        "en": "Off: every size is a square. On: each setting gets a height slider and a width "
              "slider.",
        "fr": "Désactivé : chaque taille est carrée. Activé : chaque réglage a un curseur de "
              "hauteur et un curseur de largeur.",
    },
    "conv.ctl.size": {"en": "Input size", "fr": "Taille de l’entrée"},
    "conv.ctl.size_h": {"en": "Input height", "fr": "Hauteur de l’entrée"},
    "conv.ctl.size_w": {"en": "Input width", "fr": "Largeur de l’entrée"},
    "conv.help.size": {"en": "Number of cells of the input grid per side.",
                       "fr": "Nombre de cases de la grille d’entrée par côté."},
    "conv.ctl.kernel": {"en": "Kernel size", "fr": "Taille du noyau"},
    "conv.ctl.kernel_h": {"en": "Kernel height", "fr": "Hauteur du noyau"},
    "conv.ctl.kernel_w": {"en": "Kernel width", "fr": "Largeur du noyau"},
    "conv.help.kernel": {"en": "Number of weights of the kernel per side.",
                         "fr": "Nombre de poids du noyau par côté."},
    "conv.ctl.stride": {"en": "Stride", "fr": "Pas (stride)"},
    "conv.ctl.stride_h": {"en": "Vertical stride", "fr": "Pas vertical"},
    "conv.ctl.stride_w": {"en": "Horizontal stride", "fr": "Pas horizontal"},
    "conv.help.stride": {"en": "How many cells the kernel jumps between two positions.",
                         "fr": "De combien de cases le noyau avance entre deux positions."},
    "conv.ctl.dilation": {"en": "Dilation", "fr": "Dilatation"},
    "conv.ctl.dilation_h": {"en": "Vertical dilation", "fr": "Dilatation verticale"},
    "conv.ctl.dilation_w": {"en": "Horizontal dilation", "fr": "Dilatation horizontale"},
    "conv.help.dilation": {
        "en": "Spacing between the kernel's taps: with dilation 2 the kernel reads every other "
              "cell and covers a wider area with the same number of weights.",
        "fr": "Écart entre les cases lues par le noyau : avec une dilatation de 2, le noyau lit "
              "une case sur deux et couvre une zone plus large avec le même nombre de poids.",
    },
    "conv.ctl.padding": {"en": "Padding", "fr": "Remplissage (padding)"},
    "conv.help.padding": {
        "en": "valid: no padding. same: Keras rule, the output has ⌈n / stride⌉ cells. full: "
              "every cell the kernel can touch is visited. custom: choose the amounts.",
        "fr": "valid : aucun remplissage. same : règle de Keras, la sortie a ⌈n / pas⌉ cases. "
              "full : chaque case que le noyau peut toucher est visitée. personnalisé : "
              "choisissez les quantités.",
    },
    "conv.pad.valid": {"en": "valid", "fr": "valid"},
    "conv.pad.same": {"en": "same", "fr": "same"},
    "conv.pad.full": {"en": "full", "fr": "full"},
    "conv.pad.custom": {"en": "custom", "fr": "personnalisé"},
    "conv.pad_note.valid": {"en": "No padding: the kernel stays inside the input.",
                            "fr": "Pas de remplissage : le noyau reste dans l’entrée."},
    "conv.pad_note.same": {"en": "Keras “same”: output = ⌈input / stride⌉.",
                           "fr": "« same » de Keras : sortie = ⌈entrée / pas⌉."},
    "conv.pad_note.full": {"en": "d·(k − 1) cells on each side.",
                           "fr": "d·(k − 1) cases de chaque côté."},
    "conv.ctl.pad_amount": {"en": "Padding on each side", "fr": "Remplissage de chaque côté"},
    "conv.ctl.pad_amount_h": {"en": "Padding top and bottom", "fr": "Remplissage en haut et en bas"},
    "conv.ctl.pad_amount_w": {"en": "Padding left and right",
                              "fr": "Remplissage à gauche et à droite"},
    "conv.help.pad_amount": {"en": "Cells added on each side of the input.",
                             "fr": "Cases ajoutées de chaque côté de l’entrée."},
    "conv.ctl.pmode": {"en": "Padding mode", "fr": "Mode de remplissage"},
    "conv.help.pmode": {
        "en": "What the padding cells hold: zeros; reflect (mirror, without repeating the edge); "
              "replicate (copies of the edge); circular (the opposite side wraps around).",
        "fr": "Ce que contiennent les cases de remplissage : des zéros ; reflect (miroir, sans "
              "répéter le bord) ; replicate (copies du bord) ; circular (le côté opposé revient "
              "en boucle).",
    },
    "conv.pmode.zeros": {"en": "zeros", "fr": "zéros"},
    "conv.pmode.reflect": {"en": "reflect", "fr": "miroir (reflect)"},
    "conv.pmode.replicate": {"en": "replicate", "fr": "répétition (replicate)"},
    "conv.pmode.circular": {"en": "circular", "fr": "circulaire"},
    "conv.ctl.seed": {"en": "Example numbers", "fr": "Nombres d’exemple"},
    "conv.help.seed": {"en": "Pick another set of small integers for the input and the kernel.",
                       "fr": "Choisir un autre jeu de petits entiers pour l’entrée et le noyau."},
    # --- transposed controls -----------------------------------------------------------------------
    "conv.ctl.tr_padding": {"en": "Padding p", "fr": "Remplissage p"},
    "conv.ctl.tr_padding_h": {"en": "Padding p (height)", "fr": "Remplissage p (hauteur)"},
    "conv.ctl.tr_padding_w": {"en": "Padding p (width)", "fr": "Remplissage p (largeur)"},
    "conv.help.tr_padding": {
        "en": "The padding of the convolution this one undoes: it removes p cells from each "
              "side of the output.",
        "fr": "Le remplissage de la convolution que celle-ci défait : il retire p cases de "
              "chaque côté de la sortie.",
    },
    "conv.ctl.output_padding": {"en": "Output padding", "fr": "Remplissage de sortie"},
    "conv.ctl.output_padding_h": {"en": "Output padding (height)",
                                  "fr": "Remplissage de sortie (hauteur)"},
    "conv.ctl.output_padding_w": {"en": "Output padding (width)",
                                  "fr": "Remplissage de sortie (largeur)"},
    "conv.help.output_padding": {
        "en": "Extra cells added at the bottom/right only, to pick one of the several output "
              "sizes a strided convolution could have come from. Must be smaller than the stride "
              "or the dilation.",
        "fr": "Cases ajoutées seulement en bas et à droite, pour choisir parmi les tailles de "
              "sortie possibles d’une convolution avec pas. Doit être plus petit que le pas ou "
              "la dilatation.",
    },
    # --- results -------------------------------------------------------------------------------------
    "conv.shape_line": {"en": "Input {n} → Output {o}", "fr": "Entrée {n} → Sortie {o}"},
    "conv.cost_line": {
        "en": "{positions} output positions × {taps} multiply-adds each = {total} "
              "multiply-adds.",
        "fr": "{positions} positions de sortie × {taps} multiplications-additions chacune = "
              "{total} multiplications-additions.",
    },
    "conv.fix_hint": {
        "en": "The animation and the photo come back as soon as the setting is possible again.",
        "fr": "L’animation et la photo reviennent dès que le réglage est de nouveau possible.",
    },
    "conv.gif_help": {
        "en": "The same animation as a looping GIF, to put on a slide.",
        "fr": "La même animation en GIF qui tourne en boucle, à mettre sur une diapositive.",
    },
    "conv.formula.title": {"en": "Output size", "fr": "Taille de la sortie"},
    "conv.formula.axis": {"en": "Along the {axis}", "fr": "En {axis}"},
    "conv.same_note": {
        "en": "Keras “same” first fixes the output at ⌈n / s⌉, then adds just the padding P it "
              "needs; when P is odd the extra cell goes at the bottom/right.",
        "fr": "Le « same » de Keras fixe d’abord la sortie à ⌈n / s⌉, puis ajoute juste le "
              "remplissage P nécessaire ; si P est impair, la case en plus va en bas et à "
              "droite.",
    },
    "conv.tex.before.0": {"en": "top", "fr": "haut"},
    "conv.tex.after.0": {"en": "bottom", "fr": "bas"},
    "conv.tex.before.1": {"en": "left", "fr": "gauche"},
    "conv.tex.after.1": {"en": "right", "fr": "droite"},
    "conv.tex.output_padding": {"en": "output padding", "fr": "remplissage de sortie"},
    # --- animation -------------------------------------------------------------------------------------
    "conv.cell_ref": {"en": "{name}[{i}, {j}]", "fr": "{name}[{i}, {j}]"},
    "conv.step_many": {"en": "{head} = sum of {count} products = <b>{result}</b>",
                       "fr": "{head} = somme de {count} produits = <b>{result}</b>"},
    "conv.panel.input": {"en": "Input {h}×{w}", "fr": "Entrée {h}×{w}"},
    "conv.panel.input_padded": {"en": "Input {h}×{w}<br>+ padding = {ph}×{pw}",
                                "fr": "Entrée {h}×{w}<br>+ remplissage = {ph}×{pw}"},
    "conv.panel.kernel": {"en": "Kernel {h}×{w}", "fr": "Noyau {h}×{w}"},
    "conv.panel.dilation": {"en": "<br>dilation {dh}×{dw}", "fr": "<br>dilatation {dh}×{dw}"},
    "conv.panel.output": {"en": "Output {h}×{w}", "fr": "Sortie {h}×{w}"},
    "conv.panel.spread": {"en": "Zeros inserted<br>+ padding = {h}×{w}",
                          "fr": "Zéros insérés<br>+ remplissage = {h}×{w}"},
    "conv.panel.flipped": {"en": "Kernel {h}×{w}<br>flipped", "fr": "Noyau {h}×{w}<br>retourné"},
    "conv.hover.pad_zero": {"en": "Padding: 0", "fr": "Remplissage : 0"},
    "conv.hover.pad_copy": {"en": "Padding ({mode}): copy of {ref} = {value}",
                            "fr": "Remplissage ({mode}) : copie de {ref} = {value}"},
    "conv.hover.inserted": {"en": "Zero inserted by the stride", "fr": "Zéro inséré par le pas"},
    "conv.legend.input": {"en": "Input", "fr": "Entrée"},
    "conv.legend.padding": {"en": "Padding", "fr": "Remplissage"},
    "conv.legend.kernel": {"en": "Kernel weights", "fr": "Poids du noyau"},
    "conv.legend.output": {"en": "Output", "fr": "Sortie"},
    "conv.legend.window": {"en": "Cells read now (×weight)", "fr": "Cases lues (×poids)"},
    "conv.legend.target": {"en": "Output cell written now", "fr": "Case de sortie écrite"},
    "conv.legend.link": {"en": "Copied from", "fr": "Copiée depuis"},
    "conv.legend.inserted": {"en": "Zero inserted (stride)", "fr": "Zéro inséré (pas)"},
    # --- transposed -----------------------------------------------------------------------------------
    "conv.tr.intro": {
        "en": "A transposed convolution spreads each input cell over the output, the opposite "
              "of a convolution. It is computed as an ordinary one: insert stride − 1 zeros "
              "between input cells, pad with d·(k − 1) − p zeros around, then slide the kernel "
              "flipped in both directions with stride 1.",
        "fr": "Une convolution transposée étale chaque case d’entrée sur la sortie, l’inverse "
              "d’une convolution. Elle se calcule comme une convolution ordinaire : insérer "
              "pas − 1 zéros entre les cases d’entrée, ajouter d·(k − 1) − p zéros autour, puis "
              "faire glisser le noyau retourné dans les deux sens avec un pas de 1.",
    },
    "conv.tr.checked": {
        "en": "Checked: these stages give exactly what torch.nn.ConvTranspose2d computes.",
        "fr": "Vérifié : ces étapes donnent exactement ce que calcule torch.nn.ConvTranspose2d.",
    },
    "conv.tr.mismatch": {
        "en": "These stages do not match torch.nn.ConvTranspose2d for this setting; please "
              "report it.",
        "fr": "Ces étapes ne correspondent pas à torch.nn.ConvTranspose2d pour ce réglage ; "
              "merci de le signaler.",
    },
    # --- photo ----------------------------------------------------------------------------------------
    "conv.photo.title": {"en": "The same settings on a photo", "fr": "Les mêmes réglages sur une photo"},
    "conv.photo.intro": {
        "en": "The stride, padding, padding mode and dilation above, applied with a classic "
              "kernel to the photo chosen in the sidebar (downsized to at most 256 pixels).",
        "fr": "Le pas, le remplissage, le mode de remplissage et la dilatation ci-dessus, "
              "appliqués avec un noyau classique à la photo choisie dans la barre latérale "
              "(réduite à 256 pixels au plus).",
    },
    "conv.photo.needs_valid": {
        "en": "The photo is shown again once the setting above is possible.",
        "fr": "La photo réapparaît dès que le réglage ci-dessus est possible.",
    },
    "conv.photo.kernel": {"en": "Kernel", "fr": "Noyau"},
    "conv.photo.gray": {"en": "Grayscale", "fr": "Niveaux de gris"},
    "conv.photo.gray_help": {
        "en": "Off: the kernel filters each colour channel on its own.",
        "fr": "Désactivé : le noyau filtre chaque canal de couleur séparément.",
    },
    "conv.photo.custom": {"en": "Your kernel (rows separated by “;”)",
                          "fr": "Votre noyau (lignes séparées par « ; »)"},
    "conv.photo.custom_help": {
        "en": "Numbers separated by spaces or commas, rows by “;”. Fractions such as 1/9 work. "
              "At most 9×9.",
        "fr": "Nombres séparés par des espaces ou des virgules, lignes par « ; ». Les fractions "
              "comme 1/9 sont acceptées. 9×9 au plus.",
    },
    "conv.photo.shape": {"en": "shape {shape} (channels × height × width)",
                         "fr": "forme {shape} (canaux × hauteur × largeur)"},
    "conv.photo.caption": {
        "en": "Both pictures are drawn at the same scale (×{scale}), so the output's true size "
              "is visible. The output, filtered by the kernel “{kernel}”, is stretched from its "
              "minimum (black) to its maximum (white).",
        "fr": "Les deux images sont à la même échelle (×{scale}) : on voit la vraie taille de la "
              "sortie. La sortie, filtrée par le noyau «\u00a0{kernel}\u00a0», est étirée de son "
              "minimum (noir) à son maximum (blanc).",
    },
    "conv.kname.custom": {"en": "My own kernel…", "fr": "Mon propre noyau…"},
}
