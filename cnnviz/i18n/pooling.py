"""Sentences of the Pooling lesson (keys start with ``pooling.``)."""

TEXT: dict[str, dict[str, str]] = {
    # --- page head and controls ------------------------------------------------------------
    "pooling.title": {
        "en": "Pooling: shrinking feature maps with nothing to learn",
        "fr": "Pooling : réduire les cartes de caractéristiques sans rien apprendre",
    },
    "pooling.intro": {
        "en": "A pooling layer slides a window over each channel and keeps one number per "
              "window: the largest (max), the mean (average), or another summary. It has no "
              "parameters, shrinks the feature map, and makes the network a little less "
              "sensitive to small shifts. Every value below is computed by PyTorch.",
        "fr": "Une couche de pooling fait glisser une fenêtre sur chaque canal et ne garde qu’un "
              "nombre par fenêtre : le plus grand (max), la moyenne, ou un autre résumé. Elle n’a "
              "aucun paramètre, réduit la carte de caractéristiques et rend le réseau un peu "
              "moins sensible aux petits décalages. Chaque valeur ci-dessous est calculée par "
              "PyTorch.",
    },
    "pooling.size": {"en": "Pool size k (window k×k)", "fr": "Taille k de la fenêtre (k×k)"},
    "pooling.size_help": {
        "en": "Side of the square window (kernel_size in torch).",
        "fr": "Côté de la fenêtre carrée (kernel_size dans torch).",
    },
    "pooling.stride_auto": {"en": "Stride = pool size", "fr": "Pas = taille de la fenêtre"},
    "pooling.stride_auto_help": {
        "en": "torch's default. Untick to choose a stride: smaller than the pool size, windows "
              "overlap.",
        "fr": "La valeur par défaut de torch. Décochez pour choisir le pas : plus petit que la "
              "fenêtre, les fenêtres se chevauchent.",
    },
    "pooling.stride": {"en": "Stride", "fr": "Pas"},
    "pooling.stride_is": {"en": "Stride: {s} (the pool size)", "fr": "Pas : {s} (la taille de la fenêtre)"},
    "pooling.padding": {"en": "Padding (cells on each side)", "fr": "Remplissage (cases de chaque côté)"},
    "pooling.padding_help": {
        "en": "torch allows at most half the pool size.",
        "fr": "torch en permet au plus la moitié de la taille de la fenêtre.",
    },
    "pooling.ceil": {"en": "ceil_mode (partial last window)", "fr": "ceil_mode (fenêtre incomplète)"},
    "pooling.ceil_help": {
        "en": "Round the output size up: a last window may hang past the edge, as long as it "
              "starts inside the input or the left padding.",
        "fr": "Arrondir la taille de sortie vers le haut : une dernière fenêtre peut dépasser du "
              "bord, pourvu qu’elle commence dans l’entrée ou le remplissage de gauche.",
    },
    "pooling.cip": {"en": "count_include_pad (average)", "fr": "count_include_pad (moyenne)"},
    "pooling.cip_help": {
        "en": "Only for average pooling: divide by the whole window (padding counts as zeros) "
              "or only by the real input cells in it.",
        "fr": "Seulement pour le pooling moyen : diviser par toute la fenêtre (le remplissage "
              "compte comme des zéros) ou seulement par les vraies cases d’entrée qu’elle "
              "contient.",
    },
    "pooling.kinds": {"en": "Kinds to compare", "fr": "Types à comparer"},
    "pooling.kind_lp_check": {"en": "Lp pooling", "fr": "Pooling Lp"},
    "pooling.norm": {"en": "p of the Lp pooling", "fr": "p du pooling Lp"},
    "pooling.norm_help": {
        "en": "Lp pooling computes (sum of x^p)^(1/p): p = 1 is the sum, large p gets close "
              "to max.",
        "fr": "Le pooling Lp calcule (somme des x^p)^(1/p) : p = 1 donne la somme, un grand p "
              "se rapproche du max.",
    },
    "pooling.no_kind": {
        "en": "Tick at least one kind of pooling to compare.",
        "fr": "Cochez au moins un type de pooling à comparer.",
    },
    "pooling.kind.max": {"en": "Max pooling", "fr": "Pooling max"},
    "pooling.kind.avg": {"en": "Average pooling", "fr": "Pooling moyen"},
    "pooling.kind.lp": {"en": "L{p} pooling", "fr": "Pooling L{p}"},
    "pooling.kind.min": {"en": "Min pooling", "fr": "Pooling min"},
    "pooling.short.max": {"en": "Max", "fr": "Max"},
    "pooling.short.avg": {"en": "Average", "fr": "Moyenne"},
    "pooling.short.lp": {"en": "L{p}", "fr": "L{p}"},
    "pooling.short.min": {"en": "Min", "fr": "Min"},
    "pooling.shape": {"en": "Output size {oh}×{ow} from a {h}×{w} input",
                      "fr": "Sortie {oh}×{ow} pour une entrée {h}×{w}"},
    # --- errors --------------------------------------------------------------------------------
    "pooling.err.pool_pad_too_big": {
        "en": "Impossible setting: torch allows a padding of at most half the pool size "
              "({limit} for a pool of {kernel}), but it is {padding}. Use less padding or a "
              "bigger pool.",
        "fr": "Réglage impossible : torch permet un remplissage d’au plus la moitié de la "
              "taille de la fenêtre ({limit} pour une fenêtre de {kernel}), or il vaut "
              "{padding}. Réduisez le remplissage ou agrandissez la fenêtre.",
    },
    "pooling.err.kernel_too_big": {
        "en": "Impossible setting: along the {axis}, the pool spans {span} cells but the padded "
              "input has only {padded}. Use a smaller pool, more padding, ceil_mode, or a larger "
              "input.",
        "fr": "Réglage impossible : en {axis}, la fenêtre couvre {span} cases mais l’entrée "
              "remplie n’en a que {padded}. Prenez une fenêtre plus petite, plus de "
              "remplissage, ceil_mode ou une entrée plus grande.",
    },
    "pooling.err.pool_lp_padding": {
        "en": "torch's Lp pooling (nn.LPPool2d) takes no padding: it is left out while the "
              "padding is {padding}.",
        "fr": "Le pooling Lp de torch (nn.LPPool2d) n’accepte pas de remplissage : il est mis "
              "de côté tant que le remplissage vaut {padding}.",
    },
    # --- 1. numbers ------------------------------------------------------------------------
    "pooling.num.size": {"en": "Grid size", "fr": "Taille de la grille"},
    "pooling.num.seed": {"en": "Other numbers (random seed)", "fr": "Autres nombres (graine aléatoire)"},
    "pooling.num.input": {"en": "Input {h}×{w}", "fr": "Entrée {h}×{w}"},
    "pooling.num.input_pad": {"en": "Input {h}×{w}<br>padding {p}",
                              "fr": "Entrée {h}×{w}<br>remplissage {p}"},
    "pooling.num.output": {"en": "{kind}<br>output {h}×{w}", "fr": "{kind}<br>sortie {h}×{w}"},
    "pooling.num.explain": {
        "en": "Press ▶ to play, or drag the slider. Orange: the window being read. Blue: the "
              "output cell being written and, for max and min, the input cell whose value it "
              "takes (marked “max” or “min”). Below the grids, each kind's arithmetic for this "
              "window.",
        "fr": "Appuyez sur ▶ pour lancer, ou faites glisser le curseur. Orange : la fenêtre "
              "lue. Bleu : la case de sortie écrite et, pour max et min, la case d’entrée dont "
              "elle prend la valeur (marquée « max » ou « min »). Sous les grilles, le calcul de "
              "chaque type pour cette fenêtre.",
    },
    "pooling.num.pad_note": {
        "en": "Grey hatched cells are padding: a max or a min never takes them; the average "
              "counts them as zeros only when count_include_pad is ticked. White cells past the "
              "padding (ceil_mode) are never counted.",
        "fr": "Les cases grises hachurées sont le remplissage : un max ou un min ne les prend "
              "jamais ; la moyenne les compte comme des zéros seulement si count_include_pad "
              "est coché. Les cases blanches au-delà du remplissage (ceil_mode) ne comptent "
              "jamais.",
    },
    "pooling.num.legend.input": {"en": "input", "fr": "entrée"},
    "pooling.num.legend.padding": {"en": "padding", "fr": "remplissage"},
    "pooling.num.legend.output": {"en": "output", "fr": "sortie"},
    "pooling.num.legend.window": {"en": "window read", "fr": "fenêtre lue"},
    "pooling.num.legend.target": {"en": "value taken → cell written", "fr": "valeur prise → case écrite"},
    "pooling.num.step_caption": {"en": "Window ({r}, {c})", "fr": "Fenêtre ({r}, {c})"},
    "pooling.num.cap.max": {"en": "Max: max({values}) = {result}", "fr": "Max : max({values}) = {result}"},
    "pooling.num.cap.min": {"en": "Min: min({values}) = {result}", "fr": "Min : min({values}) = {result}"},
    "pooling.num.cap.avg": {"en": "Average: ({sum}) / {n} = {result}",
                            "fr": "Moyenne : ({sum}) / {n} = {result}"},
    "pooling.num.cap.avg_long": {"en": "Average: sum of {count} cells {total} / {n} = {result}",
                                 "fr": "Moyenne : somme des {count} cases {total} / {n} = {result}"},
    "pooling.num.cap.pad_in": {"en": "(padding: {n} zeros counted)",
                               "fr": "(remplissage : {n} zéros comptés)"},
    "pooling.num.cap.pad_out": {"en": "(padding: {n} cells not counted)",
                                "fr": "(remplissage : {n} cases non comptées)"},
    "pooling.num.cap.lp": {"en": "L{p}: {formula} = {result}", "fr": "L{p} : {formula} = {result}"},
    "pooling.num.cap.lp_long": {"en": "L{p}: (sum of {count} powers {total})^(1/{p}) = {result}",
                                "fr": "L{p} : (somme de {count} puissances {total})^(1/{p}) = {result}"},
    "pooling.num.hover_in": {"en": "Input [{r}, {c}] = {v}", "fr": "Entrée [{r}, {c}] = {v}"},
    "pooling.num.hover_pad": {"en": "Padding", "fr": "Remplissage"},
    "pooling.num.hover_past": {"en": "Past the padding (never counted)",
                               "fr": "Au-delà du remplissage (jamais compté)"},
    "pooling.num.hover_out": {"en": "{kind} [{r}, {c}] = {v}", "fr": "{kind} [{r}, {c}] = {v}"},
    # --- 2. photo --------------------------------------------------------------------------
    "pooling.photo.header": {"en": "On your photo", "fr": "Sur votre photo"},
    "pooling.photo.note": {
        "en": "The photo is first reduced to {h}×{w} pixels; each channel (R, G, B) is pooled on "
              "its own. Every picture is drawn with the same pixel size, so their sizes compare "
              "truly.",
        "fr": "La photo est d’abord réduite à {h}×{w} pixels ; chaque canal (R, V, B) est "
              "réduit séparément. Toutes les images sont dessinées avec la même taille de "
              "pixel : leurs tailles se comparent fidèlement.",
    },
    "pooling.photo.caption": {"en": "{name} — {c}×{h}×{w}", "fr": "{name} — {c}×{h}×{w}"},
    "pooling.cmp.title": {"en": "Where {a} and {b} differ most, zoomed in",
                          "fr": "Là où {a} et {b} diffèrent le plus, agrandi"},
    "pooling.cmp.crop": {"en": "{name}: {h}×{w} output pixels, enlarged {zoom}×",
                         "fr": "{name} : {h}×{w} pixels de sortie, agrandis {zoom}×"},
    "pooling.cmp.map": {"en": "Difference |{a} − {b}| over the whole output (darker: larger); "
                              "the crop outlined",
                        "fr": "Différence |{a} − {b}| sur toute la sortie (plus sombre : plus "
                              "grande) ; le recadrage encadré"},
    "pooling.cmp.numbers": {
        "en": "Measured: {a} and {b} differ by {mean} grey levels on average (of 255), at most "
              "{max}; {box} on average in the crop. Both crops are drawn at the same pixel scale.",
        "fr": "Mesuré : {a} et {b} diffèrent de {mean} niveaux de gris en moyenne (sur 255), "
              "au plus de {max} ; de {box} en moyenne dans le recadrage. Les deux recadrages sont "
              "dessinés à la même échelle de pixel.",
    },
    "pooling.photo.gif": {"en": "Download the shift animation (GIF)",
                          "fr": "Télécharger l’animation du décalage (GIF)"},
    "pooling.photo.shift_label": {"en": "shifted {d} px", "fr": "décalée de {d} px"},
    # --- 3. shifts -------------------------------------------------------------------------
    "pooling.shift.header": {"en": "Tolerance to small shifts", "fr": "Tolérance aux petits décalages"},
    "pooling.shift.intro": {
        "en": "The photo is moved 0 to {k} pixels to the left. For each kind, the chart shows "
              "how much the pooled output changes, cell by cell (mean absolute change, in % of "
              "the output's mean value). “No pooling” keeps one pixel in {s} along each axis: the same "
              "downsampling, with nothing pooled. Lower means more tolerant.",
        "fr": "La photo est décalée de 0 à {k} pixels vers la gauche. Pour chaque type, le "
              "graphique montre de combien la sortie change, case par case (variation absolue "
              "moyenne, en % de la valeur moyenne de la sortie). « Sans pooling » garde un pixel sur "
              "{s} dans chaque direction : le même sous-échantillonnage, sans rien regrouper. "
              "Plus c’est bas, plus c’est tolérant.",
    },
    "pooling.shift.title": {"en": "How much the output changes when the input moves",
                            "fr": "Variation de la sortie quand l’entrée se décale"},
    "pooling.shift.x": {"en": "Shift of the input (pixels)", "fr": "Décalage de l’entrée (pixels)"},
    "pooling.shift.y": {"en": "Mean change of the output (%)", "fr": "Variation moyenne de la sortie (%)"},
    "pooling.shift.baseline": {"en": "No pooling (1 pixel in {s})", "fr": "Sans pooling (1 pixel sur {s})"},
    "pooling.shift.verdict": {
        "en": "On this photo, with a 1-pixel shift: {ranking}.",
        "fr": "Sur cette photo, avec un décalage de 1 pixel : {ranking}.",
    },
    "pooling.shift.item": {"en": "{name} {value}%", "fr": "{name} {value}\u202f%"},
    "pooling.shift.period": {
        "en": "A shift by a whole stride ({s} px) moves every window onto the next one: the "
              "output itself moves by one cell, so the change is large again.",
        "fr": "Un décalage d’un pas entier ({s} px) amène chaque fenêtre sur la suivante : la "
              "sortie elle-même se décale d’une case, d’où une variation de nouveau forte.",
    },
    # --- 4. versus strided convolution ------------------------------------------------------
    "pooling.vs.header": {"en": "Pooling or strided convolution?",
                          "fr": "Pooling ou convolution avec un pas ?"},
    "pooling.vs.intro": {
        "en": "Both downsample a feature map. Pooling applies a fixed rule; a convolution with "
              "stride {s} learns its weights. Counts for a layer with {c} channels on a {h}×{w} "
              "map, from the torch modules themselves:",
        "fr": "Les deux sous-échantillonnent une carte de caractéristiques. Le pooling applique "
              "une règle fixe ; une convolution de pas {s} apprend ses poids. Comptes pour une "
              "couche à {c} canaux sur une carte {h}×{w}, donnés par les modules torch "
              "eux-mêmes :",
    },
    "pooling.vs.method": {"en": "Layer", "fr": "Couche"},
    "pooling.vs.module": {"en": "torch module", "fr": "Module torch"},
    "pooling.vs.out": {"en": "Output shape", "fr": "Forme de sortie"},
    "pooling.vs.params": {"en": "Parameters", "fr": "Paramètres"},
    "pooling.vs.macs": {"en": "Multiply-adds", "fr": "Multiplications-additions"},
    "pooling.vs.row.max": {"en": "Max pooling", "fr": "Pooling max"},
    "pooling.vs.row.avg": {"en": "Average pooling", "fr": "Pooling moyen"},
    "pooling.vs.row.conv": {"en": "Strided convolution", "fr": "Convolution avec un pas"},
    "pooling.vs.row.depthwise": {"en": "Strided depthwise convolution",
                                 "fr": "Convolution en profondeur avec un pas"},
    "pooling.vs.zero": {
        "en": "Pooling has 0 parameters: there is nothing in it to learn.",
        "fr": "Le pooling a 0 paramètre : il n’a rien à apprendre.",
    },
    "pooling.vs.equal": {
        "en": "Average pooling is a depthwise convolution with stride {s} whose {k}×{k} weights "
              "are all 1/{kk}, frozen: on your photo the two differ by at most {diff}.",
        "fr": "Le pooling moyen est une convolution en profondeur de pas {s} dont les {k}×{k} "
              "poids valent tous 1/{kk}, figés : sur votre photo, les deux diffèrent d’au plus "
              "{diff}.",
    },
    "pooling.vs.identical": {
        "en": "Average pooling is a depthwise convolution with stride {s} whose {k}×{k} weights "
              "are all 1/{kk}, frozen: on your photo the two give exactly the same numbers.",
        "fr": "Le pooling moyen est une convolution en profondeur de pas {s} dont les {k}×{k} "
              "poids valent tous 1/{kk}, figés : sur votre photo, les deux donnent exactement "
              "les mêmes nombres.",
    },
    "pooling.vs.not_equal": {
        "en": "Without count_include_pad, average pooling divides the border windows by fewer "
              "cells, so it is no longer a convolution with fixed weights: on your photo they "
              "differ by up to {diff}.",
        "fr": "Sans count_include_pad, le pooling moyen divise les fenêtres du bord par moins "
              "de cases : ce n’est plus une convolution à poids fixes, l’écart atteint {diff} "
              "sur votre photo.",
    },
    "pooling.vs.ceil": {
        "en": "With ceil_mode, average pooling keeps a last, partial window that the convolution "
              "has no room for: on your photo it gives {ph}×{pw} values, the convolution "
              "{ch}×{cw}.",
        "fr": "Avec ceil_mode, le pooling moyen garde une dernière fenêtre incomplète pour "
              "laquelle la convolution n’a pas de place : sur votre photo, il donne {ph}×{pw} "
              "valeurs, la convolution {ch}×{cw}.",
    },
    # --- 5. global and adaptive ----------------------------------------------------------------
    "pooling.adapt.header": {"en": "Global and adaptive pooling", "fr": "Pooling global et adaptatif"},
    "pooling.adapt.intro": {
        "en": "Adaptive pooling chooses its windows so that the output has exactly the size you "
              "ask for, whatever the input size. Global pooling is the 1×1 case: one number per "
              "channel, what classifiers keep before their last layer.",
        "fr": "Le pooling adaptatif choisit ses fenêtres pour que la sortie ait exactement la "
              "taille demandée, quelle que soit l’entrée. Le pooling global en est le cas 1×1 : "
              "un nombre par canal, ce que les classifieurs gardent avant leur dernière couche.",
    },
    "pooling.adapt.size": {"en": "Adaptive output size", "fr": "Taille de sortie adaptative"},
    "pooling.adapt.avg": {"en": "Adaptive average → {h}×{w}", "fr": "Moyenne adaptative → {h}×{w}"},
    "pooling.adapt.max": {"en": "Adaptive max → {h}×{w}", "fr": "Max adaptatif → {h}×{w}"},
    "pooling.adapt.global": {
        "en": "Global pooling of your photo (R, G, B, from 0 to 255): average {avg}; max {max}.",
        "fr": "Pooling global de votre photo (R, V, B, de 0 à 255) : moyenne {avg} ; max {max}.",
    },
    "pooling.adapt.swatch_avg": {"en": "Global average", "fr": "Moyenne globale"},
    "pooling.adapt.swatch_max": {"en": "Global max", "fr": "Max global"},
    "pooling.waiting": {
        "en": "This part appears as soon as the setting above is possible.",
        "fr": "Cette partie s’affiche dès que le réglage ci-dessus est possible.",
    },
    # --- export --------------------------------------------------------------------------------
    "pooling.export.header": {"en": "Download", "fr": "Télécharger"},
}
