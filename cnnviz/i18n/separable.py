"""Sentences of the separable-convolution page (keys prefixed ``sep.``)."""

TEXT: dict[str, dict[str, str]] = {
    "sep.intro": {
        "en": "A separable convolution (Keras SeparableConv2D, MobileNet): a **depthwise** stage "
              "filters each channel on its own, then a **pointwise** 1×1 stage mixes the "
              "channels. Far fewer parameters and multiply-adds.",
        "fr": "Une convolution séparable (SeparableConv2D de Keras, MobileNet) : une étape "
              "**en profondeur** filtre chaque canal séparément, puis une étape **point par "
              "point** 1×1 mélange les canaux. Bien moins de paramètres et de calculs.",
    },
    # --- section 1: the two stages ---------------------------------------------------------------
    "sep.stages_title": {"en": "1. The two stages on a photo",
                         "fr": "1. Les deux étapes sur une photo"},
    "sep.stages_intro": {
        "en": "The photo's red, green and blue channels are the input (or pick a small synthetic "
              "input with up to 4 channels). Every picture below is computed by one PyTorch "
              "SeparableConv2d with these weights.",
        "fr": "Les canaux rouge, vert et bleu de la photo forment l’entrée (ou choisissez une "
              "petite entrée synthétique jusqu’à 4 canaux). Chaque image ci-dessous est calculée "
              "par une seule SeparableConv2d de PyTorch avec ces poids.",
    },
    "sep.source": {"en": "Input", "fr": "Entrée"},
    "sep.source_photo": {"en": "Photo (R, G, B)", "fr": "Photo (R, V, B)"},
    "sep.source_synthetic": {"en": "Synthetic", "fr": "Synthétique"},
    "sep.channels": {"en": "Input channels", "fr": "Canaux d’entrée"},
    "sep.photo_channels": {"en": "{name}: 3 channels (red, green, blue).",
                           "fr": "{name} : 3 canaux (rouge, vert, bleu)."},
    "sep.resolution": {"en": "Input size (pixels, longest side)",
                       "fr": "Taille de l’entrée (pixels, plus grand côté)"},
    "sep.resolution_help": {
        "en": "The photo is downsized to this size first, so the maps stay readable and fast.",
        "fr": "La photo est d’abord réduite à cette taille : les cartes restent lisibles et "
              "rapides à calculer.",
    },
    "sep.kmode": {"en": "Depthwise kernels", "fr": "Noyaux en profondeur"},
    "sep.kmode_classic": {"en": "Classic 3×3", "fr": "Classiques 3×3"},
    "sep.kmode_random": {"en": "Random", "fr": "Aléatoires"},
    "sep.kernel_for": {"en": "Kernel for channel {c}", "fr": "Noyau du canal {c}"},
    "sep.ksize": {"en": "Kernel size k", "fr": "Taille du noyau k"},
    "sep.seed": {"en": "Random seed", "fr": "Graine aléatoire"},
    "sep.dm": {"en": "Depth multiplier", "fr": "Multiplicateur de profondeur"},
    "sep.dm_help": {
        "en": "How many kernels (and maps) per input channel: Keras' depth_multiplier.",
        "fr": "Nombre de noyaux (et de cartes) par canal d’entrée : depth_multiplier dans Keras.",
    },
    "sep.stride": {"en": "Stride", "fr": "Pas"},
    "sep.padding": {"en": "Padding", "fr": "Remplissage"},
    "sep.pad_same": {"en": "same", "fr": "same (même taille)"},
    "sep.pad_valid": {"en": "valid (none)", "fr": "valid (aucun)"},
    "sep.n_out": {"en": "Output channels (filters)", "fr": "Canaux de sortie (filtres)"},
    "sep.pw_mode": {"en": "Pointwise weights", "fr": "Poids point par point"},
    "sep.pw_mix": {"en": "Readable", "fr": "Lisibles"},
    "sep.pw_random": {"en": "Random", "fr": "Aléatoires"},
    "sep.pw_seed": {"en": "Seed of the pointwise weights", "fr": "Graine des poids point par point"},
    "sep.ch_r": {"en": "R (red)", "fr": "R (rouge)"},
    "sep.ch_g": {"en": "G (green)", "fr": "V (vert)"},
    "sep.ch_b": {"en": "B (blue)", "fr": "B (bleu)"},
    "sep.letter_r": {"en": "R", "fr": "R"},
    "sep.letter_g": {"en": "G", "fr": "V"},
    "sep.letter_b": {"en": "B", "fr": "B"},
    "sep.dw_title": {"en": "Depthwise stage: one kernel per channel, channels never mix",
                     "fr": "Étape en profondeur : un noyau par canal, les canaux ne se mélangent "
                           "jamais"},
    "sep.dw_explain": {
        "en": "Input {shape_in} → depthwise maps {shape_mid}. Each of the {c} input channels is "
              "filtered by its own {k} kernel(s), {dm} per channel: {mid} maps in all, each one "
              "made from a single channel.",
        "fr": "Entrée {shape_in} → cartes en profondeur {shape_mid}. Chacun des {c} canaux "
              "d’entrée est filtré par son ou ses propres noyaux {k}, {dm} par canal : {mid} "
              "cartes en tout, chacune issue d’un seul canal.",
    },
    "sep.in_caption": {"en": "Input: channel {c}", "fr": "Entrée : canal {c}"},
    "sep.kernel_caption": {"en": "Kernel {m}", "fr": "Noyau {m}"},
    "sep.dmap": {"en": "D{m}[{c}]", "fr": "P{m}[{c}]"},
    "sep.map_label": {"en": "map {m} of {c}", "fr": "carte {m} de {c}"},
    "sep.colour_legend": {
        "en": "Colours of the maps and kernels: blue = negative, white = zero, orange-red = "
              "positive (each map scaled to its own largest value). Input channels in grey levels. "
              "D2[R] is the 2nd depthwise map of channel R.",
        "fr": "Couleurs des cartes et des noyaux : bleu = négatif, blanc = zéro, rouge orangé = "
              "positif (chaque carte à l’échelle de sa plus grande valeur). Canaux d’entrée en "
              "niveaux de gris. P2[R] est la 2e carte en profondeur du canal R.",
    },
    "sep.pw_title": {"en": "Pointwise stage: 1×1 weights mix the depthwise maps",
                     "fr": "Étape point par point : des poids 1×1 mélangent les cartes en profondeur"},
    "sep.pw_explain": {
        "en": "Each output map is a weighted sum of the {mid} depthwise maps, pixel by pixel: "
              "a 1×1 convolution with {n}×{mid} weights (one line per output). Edit the weights "
              "below.",
        "fr": "Chaque carte de sortie est une somme pondérée des {mid} cartes en profondeur, "
              "pixel par pixel : une convolution 1×1 de {n}×{mid} poids (une ligne par sortie). "
              "Modifiez les poids ci-dessous.",
    },
    "sep.pw_row": {"en": "Weights of output {j}", "fr": "Poids de la sortie {j}"},
    "sep.pw_editor_help": {
        "en": "One number per depthwise map, in the order {names}, separated by spaces; between "
              "−10 and 10. The weights are part of the link; changing the settings above starts "
              "from their default weights again.",
        "fr": "Un nombre par carte en profondeur, dans l’ordre {names}, séparés par des espaces ; "
              "entre −10 et 10. Les poids font partie du lien ; changer les réglages ci-dessus "
              "repart de leurs poids par défaut.",
    },
    "sep.pw_not_number": {
        "en": "Output {j}: {text} is not a number; it counts as 0.",
        "fr": "Sortie {j} : {text} n’est pas un nombre ; il compte pour 0.",
    },
    "sep.pw_clipped": {
        "en": "Output {j}: {text} is outside −{limit}…{limit}; it was brought back to the limit.",
        "fr": "Sortie {j} : {text} est hors de −{limit}…{limit} ; il a été ramené à la limite.",
    },
    "sep.pw_too_few": {
        "en": "Output {j} needs {want} weights, one per depthwise map, but {got} were typed: "
              "the missing ones count as 0.",
        "fr": "La sortie {j} demande {want} poids, un par carte en profondeur, mais {got} ont été "
              "saisis : ceux qui manquent comptent pour 0.",
    },
    "sep.pw_too_many": {
        "en": "Output {j} needs {want} weights, one per depthwise map, but {got} were typed: "
              "the extra ones are left out.",
        "fr": "La sortie {j} demande {want} poids, un par carte en profondeur, mais {got} ont été "
              "saisis : ceux en trop sont ignorés.",
    },
    "sep.shapes_line": {
        "en": "**Shapes**: input {shape_in} → depthwise {shape_mid} → output {shape_out} "
              "(channels × height × width).",
        "fr": "**Formes** : entrée {shape_in} → en profondeur {shape_mid} → sortie {shape_out} "
              "(canaux × hauteur × largeur).",
    },
    "sep.out_label": {"en": "Output {j}", "fr": "Sortie {j}"},
    "sep.more_terms": {"en": "…and {n} more terms (in the formula above).",
                       "fr": "… et {n} termes de plus (dans la formule ci-dessus)."},
    "sep.export_title": {"en": "Download the two stages", "fr": "Télécharger les deux étapes"},
    "sep.download_png": {"en": "Picture of the stages (PNG)", "fr": "Image des étapes (PNG)"},
    "sep.download_gif": {"en": "Stage by stage (GIF)", "fr": "Étape par étape (GIF)"},
    "sep.export_input": {"en": "Input channels", "fr": "Canaux d’entrée"},
    "sep.export_depthwise": {"en": "Depthwise stage: each channel filtered by its own kernel",
                             "fr": "Étape en profondeur : chaque canal filtré par son propre noyau"},
    "sep.export_pointwise": {"en": "Pointwise stage (1×1): output maps",
                             "fr": "Étape point par point (1×1) : cartes de sortie"},
    "sep.export_frame": {"en": "Stage {i} of {n}", "fr": "Étape {i} sur {n}"},
    # --- section 2: savings ----------------------------------------------------------------------
    "sep.savings_title": {"en": "2. What it saves: parameters and multiply-adds",
                          "fr": "2. Ce que l’on économise : paramètres et multiplications-additions"},
    "sep.savings_intro": {
        "en": "Same input and output channels, same k×k kernel, padding 'same', stride 1, for one "
              "image. Both layers are built as real PyTorch modules; their parameters are counted "
              "and their multiply-adds measured by torch.utils.flop_counter (flops ÷ 2).",
        "fr": "Mêmes canaux d’entrée et de sortie, même noyau k×k, remplissage 'same', pas de 1, "
              "pour une image. Les deux couches sont de vrais modules PyTorch : leurs paramètres "
              "sont comptés et leurs multiplications-additions mesurées par "
              "torch.utils.flop_counter (flops ÷ 2).",
    },
    "sep.m": {"en": "Input channels M", "fr": "Canaux d’entrée M"},
    "sep.n": {"en": "Output channels N", "fr": "Canaux de sortie N"},
    "sep.ck": {"en": "Kernel size k", "fr": "Taille du noyau k"},
    "sep.hw": {"en": "Input height = width", "fr": "Hauteur = largeur de l’entrée"},
    "sep.params": {"en": "Parameters", "fr": "Paramètres"},
    "sep.macs": {"en": "Multiply-adds", "fr": "Multiplications-additions"},
    "sep.standard": {"en": "Standard", "fr": "Standard"},
    "sep.separable": {"en": "Separable", "fr": "Séparable"},
    "sep.depthwise": {"en": "Depthwise", "fr": "En profondeur"},
    "sep.pointwise": {"en": "Pointwise", "fr": "Point par point"},
    "sep.cost_parts": {"en": "{dw} depthwise + {pw} pointwise",
                       "fr": "{dw} en profondeur + {pw} point par point"},
    "sep.params_std": {"en": "Parameters, standard", "fr": "Paramètres, standard"},
    "sep.params_sep": {"en": "Parameters, separable", "fr": "Paramètres, séparable"},
    "sep.macs_std": {"en": "Multiply-adds, standard", "fr": "Multiplications-additions, standard"},
    "sep.macs_sep": {"en": "Multiply-adds, separable",
                     "fr": "Multiplications-additions, séparable"},
    "sep.params_formula": {
        "en": "**Parameters.** Standard: k·k·M·N + N = {k}·{k}·{m}·{n} + {n} = **{std}**. "
              "Separable: depthwise k·k·M·dm = {k}·{k}·{m}·{dm} = {dw}, pointwise M·dm·N + N = "
              "{m}·{dm}·{n} + {n} = {pw}, total **{sep}** (bias on the pointwise stage only, as "
              "Keras).",
        "fr": "**Paramètres.** Standard : k·k·M·N + N = {k}·{k}·{m}·{n} + {n} = **{std}**. "
              "Séparable : en profondeur k·k·M·dm = {k}·{k}·{m}·{dm} = {dw}, point par point "
              "M·dm·N + N = {m}·{dm}·{n} + {n} = {pw}, total **{sep}** (biais sur l’étape point "
              "par point seulement, comme Keras).",
    },
    "sep.macs_formula": {
        "en": "**Multiply-adds** on the {h}×{w} output. Standard: k·k·M·N·H′·W′ = **{std}**. "
              "Separable: depthwise k·k·M·dm·H′·W′ = {dw} + pointwise M·dm·N·H′·W′ = {pw}, "
              "total **{sep}**.",
        "fr": "**Multiplications-additions** sur la sortie {h}×{w}. Standard : k·k·M·N·H′·W′ = "
              "**{std}**. Séparable : en profondeur k·k·M·dm·H′·W′ = {dw} + point par point "
              "M·dm·N·H′·W′ = {pw}, total **{sep}**.",
    },
    "sep.tex_sep": {"en": "separable", "fr": "séparable"},
    "sep.tex_std": {"en": "standard", "fr": "standard"},
    "sep.ratio_line": {
        "en": "Measured by torch: separable ÷ standard multiply-adds = {measured}; MobileNet's "
              "formula gives {formula}. The separable layer does about {times} times less work "
              "(parameter ratio {pratio}, a little different because of the biases).",
        "fr": "Mesuré par torch : multiplications-additions séparable ÷ standard = {measured} ; "
              "la formule de MobileNet donne {formula}. La couche séparable travaille environ "
              "{times} fois moins (rapport des paramètres {pratio}, un peu différent à cause des "
              "biais).",
    },
    "sep.times_fewer": {"en": "{x} times fewer", "fr": "{x} fois moins"},
    "sep.times_more": {"en": "{x} times more", "fr": "{x} fois plus"},
    "sep.cost_ratio": {"en": "Separable: {times} ({p}%)", "fr": "Séparable : {times} ({p} %)"},
    # --- section 3: animation --------------------------------------------------------------------
    "sep.anim_dw_short": {"en": "Depthwise", "fr": "En profondeur"},
    "sep.anim_std_short": {"en": "Standard", "fr": "Standard"},
    "sep.more_settings": {"en": "More settings", "fr": "Autres réglages"},
    "sep.anim_intro": {
        "en": "Depthwise: the window visits channel 1 everywhere, then channel 2, and so "
              "on, and writes one output map per channel. Standard: a standard kernel is as deep "
              "as the input: at every step it reads the same window in all channels at once and "
              "adds everything into one number. Press ▶ or drag the slider (this runs in your "
              "browser; ← and → step when the animation has the focus).",
        "fr": "En profondeur : la fenêtre parcourt tout le canal 1, puis le canal 2, "
              "etc., et écrit une carte de sortie par canal. Standard : un noyau standard est "
              "aussi profond que l’entrée : à chaque pas il lit la même fenêtre dans tous les "
              "canaux à la fois et additionne tout en un seul nombre. Appuyez sur ▶ ou faites "
              "glisser le curseur (cela tourne dans votre navigateur ; ← et → avancent d’une "
              "étape quand l’animation a le focus).",
    },
    "sep.anim_size": {"en": "Input size n (n×n)", "fr": "Taille de l’entrée n (n×n)"},
    "sep.anim_in": {"en": "Input {c}", "fr": "Entrée {c}"},
    "sep.anim_kernel": {"en": "Kernel {c}", "fr": "Noyau {c}"},
    "sep.anim_out": {"en": "Output {c}", "fr": "Sortie {c}"},
    "sep.anim_slice": {"en": "Slice {c}", "fr": "Tranche {c}"},
    "sep.anim_std_out": {"en": "One output", "fr": "Une sortie"},
    "sep.anim_dw_caption": {
        "en": "Channel {c} only → output {c}, row {r}, column {col}: {v}",
        "fr": "Canal {c} seulement → sortie {c}, ligne {r}, colonne {col} : {v}",
    },
    "sep.anim_std_caption": {
        "en": "All {n} channels at once → row {r}, column {col}: {v}",
        "fr": "Les {n} canaux à la fois → ligne {r}, colonne {col} : {v}",
    },
    "sep.anim_dw_summary": {
        "en": "{c} kernels of {k}×{k}×1 → output {shape}: {mults} multiplications.",
        "fr": "{c} noyaux de {k}×{k}×1 → sortie {shape} : {mults} multiplications.",
    },
    "sep.anim_std_summary": {
        "en": "1 kernel of {k}×{k}×{c} → output {shape}: {mults} multiplications.",
        "fr": "1 noyau de {k}×{k}×{c} → sortie {shape} : {mults} multiplications.",
    },
    "sep.anim_legend": {
        "en": "One line per input channel. Orange: the cells the kernel reads (and the kernel "
              "reading them); blue: the output cell being written. Hatched grey cells: zero "
              "padding. Light blue: input, light orange: kernel weights, light green: output.",
        "fr": "Une ligne par canal d’entrée. Orange : les cases lues par le noyau (et le noyau "
              "qui les lit) ; bleu : la case de sortie en cours d’écriture. Cases grises "
              "hachurées : remplissage par des zéros. Bleu clair : entrée, orange clair : poids "
              "du noyau, vert clair : sortie.",
    },
    # --- section 4: spatially separable kernels --------------------------------------------------
    "sep.spatial_title": {"en": "3. Spatially separable kernels: a column times a row",
                          "fr": "3. Noyaux séparables spatialement : une colonne fois une ligne"},
    "sep.spatial_intro": {
        "en": "Another, older meaning of “separable”: a k×k kernel that is a column times a row "
              "(a matrix of rank 1) can be applied as two thin passes, k×1 then 1×k, with exactly "
              "the same result and 2k instead of k² multiplications per pixel.",
        "fr": "Un autre sens, plus ancien, de « séparable » : un noyau k×k égal à une colonne "
              "fois une ligne (une matrice de rang 1) peut s’appliquer en deux passes fines, k×1 "
              "puis 1×k, avec exactement le même résultat et 2k au lieu de k² multiplications "
              "par pixel.",
    },
    "sep.spatial_kernel": {"en": "Kernel", "fr": "Noyau"},
    "sep.column": {"en": "Column (k×1)", "fr": "Colonne (k×1)"},
    "sep.row": {"en": "Row (1×k)", "fr": "Ligne (1×k)"},
    "sep.is_separable": {
        "en": "Rank 1: separable. One {kh}×{kw} pass costs {one} multiplications per pixel; a "
              "column pass then a row pass cost {two}.",
        "fr": "Rang 1 : séparable. Une passe {kh}×{kw} coûte {one} multiplications par pixel ; "
              "une passe colonne puis une passe ligne en coûtent {two}.",
    },
    "sep.not_separable": {
        "en": "Rank {rank}: not separable. No column times row gives this kernel, so it cannot "
              "be split into two thin passes.",
        "fr": "Rang {rank} : non séparable. Aucune colonne fois une ligne ne donne ce noyau : "
              "impossible de le découper en deux passes fines.",
    },
    "sep.gray_input": {"en": "Input (grey levels)", "fr": "Entrée (niveaux de gris)"},
    "sep.one_pass": {"en": "Output: one k×k pass", "fr": "Sortie : une passe k×k"},
    "sep.column_pass": {"en": "After the column pass (k×1)",
                        "fr": "Après la passe colonne (k×1)"},
    "sep.two_pass": {"en": "Output: column then row pass",
                     "fr": "Sortie : passe colonne puis passe ligne"},
    "sep.max_diff": {
        "en": "Largest difference between the two outputs, computed by torch: {diff} "
              "(float rounding only).",
        "fr": "Plus grand écart entre les deux sorties, calculé par torch : {diff} (arrondis "
              "des flottants seulement).",
    },
    "sep.col_kernel": {"en": "Kernel", "fr": "Noyau"},
    "sep.col_size": {"en": "Size", "fr": "Taille"},
    "sep.col_rank": {"en": "Rank", "fr": "Rang"},
    "sep.col_separable": {"en": "Separable?", "fr": "Séparable ?"},
    "sep.col_column": {"en": "Column", "fr": "Colonne"},
    "sep.col_row": {"en": "Row", "fr": "Ligne"},
    "sep.yes": {"en": "yes", "fr": "oui"},
    "sep.no": {"en": "no", "fr": "non"},
    # --- section 5: model.summary() --------------------------------------------------------------
    "sep.summary_title": {"en": "4. The course example, as Keras' model.summary()",
                          "fr": "4. L’exemple du cours, comme model.summary() de Keras"},
    "sep.summary_intro": {
        "en": "28×28×1 input → convolution (relu, 'valid') → Flatten → Dense(10). Shapes and "
              "parameter counts are measured on real PyTorch modules; Keras writes shapes "
              "channels-last with None for the batch, PyTorch channels-first.",
        "fr": "Entrée 28×28×1 → convolution (relu, 'valid') → Flatten → Dense(10). Formes et "
              "nombres de paramètres sont mesurés sur de vrais modules PyTorch ; Keras écrit les "
              "formes canaux en dernier avec None pour le lot, PyTorch canaux en premier.",
    },
    "sep.filters": {"en": "Filters", "fr": "Filtres"},
    "sep.summary_sep": {"en": "With SeparableConv2D({f}, {k}×{k})",
                        "fr": "Avec SeparableConv2D({f}, {k}×{k})"},
    "sep.summary_conv": {"en": "With Conv2D({f}, {k}×{k})", "fr": "Avec Conv2D({f}, {k}×{k})"},
    "sep.col_layer": {"en": "Layer (type)", "fr": "Couche (type)"},
    "sep.col_keras_shape": {"en": "Output shape (Keras)", "fr": "Forme de sortie (Keras)"},
    "sep.col_torch_shape": {"en": "Tensor shape (PyTorch)", "fr": "Forme du tenseur (PyTorch)"},
    "sep.col_params": {"en": "Param #", "fr": "Nb de paramètres"},
    "sep.total_params": {"en": "**Total parameters: {n}**", "fr": "**Total des paramètres : {n}**"},
    "sep.summary_note": {
        "en": "The convolution itself shrinks from {conv} to {sep} parameters, but here the "
              "Dense layer ({dense} parameters) dominates both models: separable convolutions pay "
              "off in deep networks with many channels, like MobileNet.",
        "fr": "La convolution elle-même passe de {conv} à {sep} paramètres, mais ici la couche "
              "Dense ({dense} paramètres) domine les deux modèles : les convolutions séparables "
              "sont rentables dans les réseaux profonds à nombreux canaux, comme MobileNet.",
    },
}
