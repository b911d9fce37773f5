"""Sentences of the Receptive field lesson (keys start with ``rf.``), its nav title and home card."""

N = "\u202f"  # narrow no-break space (French typography)

TEXT: dict[str, dict[str, str]] = {
    "nav.receptive_field": {"en": "Receptive field", "fr": "Champ récepteur"},
    "home.receptive_field": {
        "en": "Stack convolutions and poolings and see which part of your photo one output "
              "reads: the receptive field layer by layer, its box on the photo, the effective "
              "field measured by gradients, and one 5×5 against two 3×3 against a dilated 3×3.",
        "fr": f"Empilez convolutions et poolings et voyez quelle partie de votre photo lit une "
              f"sortie{N}: le champ récepteur couche par couche, sa boîte sur la photo, le champ "
              f"effectif mesuré par les gradients, et un 5×5 face à deux 3×3 face à un 3×3 "
              f"dilaté.",
    },
    "rf.title": {"en": "Receptive field: what one output sees",
                 "fr": f"Champ récepteur{N}: ce que voit une sortie"},
    "rf.intro": {
        "en": "Each output of a convolution reads a small window; stack layers and the window of "
              "a deep output, its receptive field, grows until it covers the whole image: that is "
              "how a CNN goes from edges to objects. Every size below is computed by PyTorch.",
        "fr": f"Chaque sortie d’une convolution lit une petite fenêtre{N}; empilez des couches et "
              f"la fenêtre d’une sortie profonde, son champ récepteur, grandit jusqu’à couvrir "
              f"toute l’image{N}: c’est ainsi qu’un CNN passe des contours aux objets. Chaque "
              f"taille ci-dessous est calculée par PyTorch.",
    },
    "rf.stack.title": {"en": "The stack of layers", "fr": "La pile de couches"},
    "rf.stack.preset": {"en": "Stack", "fr": "Pile"},
    "rf.preset.shapes": {"en": "The course's shapes CNN", "fr": "Le CNN des formes du cours"},
    "rf.preset.vgg": {"en": "VGG16's first two blocks", "fr": "Les deux premiers blocs de VGG16"},
    "rf.preset.dilated": {"en": "Dilations 1, 2, 4", "fr": "Dilatations 1, 2, 4"},
    "rf.preset.custom": {"en": "My own stack", "fr": "Ma propre pile"},
    "rf.stack.layers": {"en": "Layers, as text", "fr": "Couches, en texte"},
    "rf.stack.own": {"en": "Your layers, separated by commas",
                     "fr": "Vos couches, séparées par des virgules"},
    "rf.stack.syntax": {
        "en": "c3p1 = 3×3 convolution with padding 1; m2 = 2×2 max pooling (stride 2); a3s2p1 = "
              "average pooling 3×3, stride 2, padding 1; d2 = dilation 2 (convolutions). Up to "
              "12 layers; kernel up to 11; stride, padding and dilation up to 8.",
        "fr": f"c3p1 = convolution 3×3 avec remplissage 1{N}; m2 = pooling max 2×2 (pas 2){N}; "
              f"a3s2p1 = pooling moyen 3×3, pas 2, remplissage 1{N}; d2 = dilatation 2 "
              f"(convolutions). Jusqu’à 12 couches{N}; noyau jusqu’à 11{N}; pas, remplissage et "
              f"dilatation jusqu’à 8.",
    },
    "rf.stack.fix": {"en": "Fix the stack above: the sections below wait for a stack that works.",
                     "fr": f"Corrigez la pile ci-dessus{N}: les sections suivantes attendent "
                           f"une pile qui fonctionne."},
    "rf.kind.conv": {"en": "conv {k}×{k}  s={s} p={p} d={d}", "fr": "convol. {k}×{k}  s={s} p={p} d={d}"},
    "rf.kind.max": {"en": "max pool {k}×{k}  s={s} p={p}", "fr": "pool max {k}×{k}  s={s} p={p}"},
    "rf.kind.avg": {"en": "avg pool {k}×{k}  s={s} p={p}", "fr": "pool moy. {k}×{k}  s={s} p={p}"},
    "rf.table.title": {"en": "Layer by layer", "fr": "Couche par couche"},
    "rf.col.layer": {"en": "Layer", "fr": "Couche"},
    "rf.col.out": {"en": "Output on the photo (h×w)", "fr": "Sortie sur la photo (h×l)"},
    "rf.col.rf": {"en": "Receptive field r = r′ + d(k−1)·S′", "fr": "Champ récepteur r = r′ + d(k−1)·S′"},
    "rf.col.stride": {"en": "Effective stride S = S′·s", "fr": "Pas effectif S = S′·s"},
    "rf.col.padding": {"en": "Effective padding P = P′ + p·S′",
                       "fr": "Remplissage effectif P = P′ + p·S′"},
    "rf.table.caption": {
        "en": "Araujo, Norris & Sim, “Computing Receptive Fields of Convolutional Neural "
              "Networks” (Distill, 2019). s = stride, p = padding, d = dilation; r′, S′, P′: the "
              "layer before. A dilated kernel "
              "spans d(k − 1) + 1 cells. Output "
              "position u reads input cells u·S − P to u·S − P + r − 1. Output sizes for the "
              "photo of {h}×{w} pixels.",
        "fr": f"Araujo, Norris et Sim, «{N}Computing Receptive Fields of Convolutional Neural "
              f"Networks{N}» (Distill, 2019). s = pas, p = remplissage, d = dilatation{N}; r′, S′, "
              f"P′{N}: la couche précédente. Un "
              f"noyau dilaté couvre d(k − 1) + 1 cases. La "
              f"position de sortie u lit les cases d’entrée u·S − P à u·S − P + r − 1. Tailles "
              f"de sortie pour la photo de {{h}}×{{w}} pixels.",
    },
    "rf.field.title": {"en": "One output's field on your photo",
                       "fr": "Le champ d’une sortie sur votre photo"},
    "rf.field.hint": {
        "en": "The dots are the centres of the last feature map's {h}×{w} positions. **Click a "
              "dot** to see the part of the photo that output reads.",
        "fr": "Les points sont les centres des {h}×{w} positions de la dernière carte de "
              "caractéristiques. **Cliquez sur un point** pour voir la partie de la photo que "
              "lit cette sortie.",
    },
    "rf.field.position": {"en": "Output position (row, column)",
                          "fr": "Position de sortie (ligne, colonne)"},
    "rf.field.box": {
        "en": "Its receptive field is {r}×{r} pixels: rows {top} to {bottom}, columns {left} "
              "to {right}.",
        "fr": f"Son champ récepteur fait {{r}}×{{r}} pixels{N}: lignes {{top}} à {{bottom}}, "
              f"colonnes {{left}} à {{right}}.",
    },
    "rf.field.overhang": {
        "en": "Part of it hangs over the edge, into the padding (dashed): only {shown} of its "
              "{total} pixels are on the photo (solid box).",
        "fr": f"Une partie dépasse du bord, dans le remplissage (pointillés){N}: seuls {{shown}} "
              f"de ses {{total}} pixels sont sur la photo (cadre plein).",
    },
    "rf.field.neighbours": {
        "en": "The yellow crosses are its neighbours' centres: {s} pixels apart, the effective "
              "stride.",
        "fr": f"Les croix jaunes sont les centres de ses voisines{N}: espacés de {{s}} pixels, "
              f"le pas effectif.",
    },
    "rf.field.whole": {
        "en": "The field is larger than the photo: every output sees the whole image.",
        "fr": f"Le champ est plus grand que la photo{N}: chaque sortie voit toute l’image.",
    },
    "rf.field.bad_position": {
        "en": "The link asks for position {value}, which this feature map does not have (rows "
              "0–{h}, columns 0–{w}): showing the centre instead.",
        "fr": f"Le lien demande la position {{value}}, que cette carte n’a pas (lignes 0–{{h}}, "
              f"colonnes 0–{{w}}){N}: le centre est affiché à la place.",
    },
    "rf.fig.positions": {"en": "positions of the last map", "fr": "positions de la dernière carte"},
    "rf.fig.hover": {"en": "row %{customdata[0]}, column %{customdata[1]}",
                     "fr": "ligne %{customdata[0]}, colonne %{customdata[1]}"},
    "rf.fig.neighbours": {"en": "neighbours' centres", "fr": "centres des voisines"},
    "rf.fig.chosen": {"en": "chosen output", "fr": "sortie choisie"},
    "rf.erf.title": {"en": "The effective receptive field", "fr": "Le champ récepteur effectif"},
    "rf.erf.intro": {
        "en": "Not every pixel of the box counts the same. The gradient of one output of the "
              "shapes CNN with respect to the photo shows how much each pixel moves it (Luo et "
              "al., 2016): darker red means more influence. Trained network on the left, the same "
              "network with random weights on the right.",
        "fr": f"Tous les pixels de la boîte ne comptent pas autant. Le gradient d’une sortie du "
              f"CNN des formes par rapport à la photo montre combien chaque pixel la fait bouger "
              f"(Luo et al., 2016){N}: plus le rouge est foncé, plus l’influence est grande. Réseau "
              f"entraîné à gauche, le même réseau aux poids aléatoires à droite.",
    },
    "rf.erf.centre": {
        "en": "Your stack is not the shapes CNN: the central output of the shapes CNN is shown.",
        "fr": f"Votre pile n’est pas le CNN des formes{N}: la sortie centrale du CNN des formes "
              f"est affichée.",
    },
    "rf.erf.trained": {"en": "Trained shapes CNN", "fr": "CNN des formes entraîné"},
    "rf.erf.untrained": {"en": "Untrained twin (random weights)",
                         "fr": "Jumeau non entraîné (poids aléatoires)"},
    "rf.erf.trained_short": {"en": "Trained", "fr": "Entraîné"},
    "rf.erf.untrained_short": {"en": "Untrained", "fr": "Non entraîné"},
    "rf.cmp.one5_short": {"en": "5×5", "fr": "5×5"},
    "rf.cmp.two3_short": {"en": "3×3 then 3×3", "fr": "3×3 puis 3×3"},
    "rf.cmp.dil3_short": {"en": "3×3, d = 2", "fr": "3×3, d = 2"},
    "rf.erf.scale": {"en": "|gradient|", "fr": "|gradient|"},
    "rf.erf.hover": {"en": "relative influence %{z:.2f}", "fr": "influence relative %{z:.2f}"},
    "rf.erf.side90": {
        "en": "{model}: 90 % of the gradient lies in the central {a}×{a} pixels of the {r}×{r} "
              "box ({pct} % of its area).",
        "fr": f"{{model}}{N}: 90{N}% du gradient se trouve dans les {{a}}×{{a}} pixels centraux "
              f"de la boîte de {{r}}×{{r}} ({{pct}}{N}% de sa surface).",
    },
    "rf.erf.class": {
        "en": "What the class sees: the network is trained on 28×28 drawings, and one output of "
              "its last feature map has a {r}×{r} field, larger than the drawing. So the single "
              "position the classifier reads sees the whole drawing, but mostly its centre.",
        "fr": f"Ce que voit la classe{N}: le réseau est entraîné sur des dessins de 28×28, et une "
              f"sortie de sa dernière carte a un champ de {{r}}×{{r}}, plus grand que le dessin. "
              f"L’unique position que lit le classifieur voit donc tout le dessin, mais surtout "
              f"son centre.",
    },
    "rf.cmp.title": {"en": "One 5×5, two 3×3, or a dilated 3×3?",
                     "fr": f"Un 5×5, deux 3×3 ou un 3×3 dilaté{N}?"},
    "rf.cmp.intro": {
        "en": "All three cover the same 5×5 patch. The numbers count the routes from each input "
              "pixel to the output: two 3×3 in a row weigh the centre more, the dilated 3×3 "
              "skips every other pixel (0: a hole) and costs the fewest weights.",
        "fr": f"Les trois couvrent le même carré de 5×5. Les nombres comptent les chemins de "
              f"chaque pixel d’entrée jusqu’à la sortie{N}: deux 3×3 à la suite pèsent plus le "
              f"centre, le 3×3 dilaté saute un pixel sur deux (0{N}: un trou) et coûte le moins "
              f"de poids.",
    },
    "rf.cmp.one5": {"en": "One 5×5", "fr": "Un 5×5"},
    "rf.cmp.two3": {"en": "Two 3×3 in a row", "fr": "Deux 3×3 à la suite"},
    "rf.cmp.dil3": {"en": "One 3×3, dilation 2", "fr": "Un 3×3, dilatation 2"},
    "rf.cmp.hover": {"en": "%{z} route(s)", "fr": "%{z} chemin(s)"},
    "rf.cmp.costs": {
        "en": "Field {field}×{field}; {weights} weights per channel pair; {macs} multiply-adds "
              "on the photo of {h}×{w} (height×width; one channel in, one out, 'same' "
              "padding).",
        "fr": f"Champ {{field}}×{{field}}{N}; {{weights}} poids par paire de canaux{N}; "
              f"{{macs}} multiplications-additions sur la photo de {{h}}×{{w}} "
              f"(hauteur×largeur{N}; un canal en entrée, un en sortie, remplissage "
              f"«{N}same{N}»).",
    },
    "rf.cmp.caption": {
        "en": "Below each: the photo through that stack with averaging kernels. Multiply-adds "
              "are counted by PyTorch's FlopCounterMode (2 FLOPs per multiply-add).",
        "fr": f"Sous chacun{N}: la photo passée dans cette pile avec des noyaux moyenneurs. Les "
              f"multiplications-additions sont comptées par FlopCounterMode de PyTorch (2 FLOP "
              f"par multiplication-addition).",
    },
    # --- errors ---------------------------------------------------------------------------
    "rf.err.stack_syntax": {
        "en": "Layer {index} cannot be read: {item}. Write layers like c3p1, m2 or a3s2p1, "
              "separated by commas.",
        "fr": f"La couche {{index}} est illisible{N}: {{item}}. Écrivez les couches comme c3p1, "
              f"m2 ou a3s2p1, séparées par des virgules.",
    },
    "rf.err.stack_empty": {"en": "The stack has no layer: write at least one, e.g. c3p1.",
                           "fr": f"La pile n’a aucune couche{N}: écrivez-en au moins une, par "
                                 f"exemple c3p1."},
    "rf.err.stack_long": {"en": "A stack may have at most {limit} layers.",
                          "fr": "Une pile a au plus {limit} couches."},
    "rf.err.stack_range": {
        "en": "Layer {index} ({item}) is out of range: kernel 1 to {kernel}; stride and "
              "dilation 1 to {step}; padding 0 to {step}; no dilation for a pooling.",
        "fr": f"La couche {{index}} ({{item}}) sort des limites{N}: noyau de 1 à {{kernel}}{N}; "
              f"pas et dilatation de 1 à {{step}}{N}; remplissage de 0 à {{step}}{N}; pas de "
              f"dilatation pour un pooling.",
    },
    "rf.err.pool_pad_too_big": {
        "en": "A pooling of size {kernel} may pad at most {limit} cells (half its size); it asks "
              "for {padding}.",
        "fr": f"Un pooling de taille {{kernel}} peut ajouter au plus {{limit}} cases de "
              f"remplissage (la moitié de sa taille){N}; il en demande {{padding}}.",
    },
    "rf.err.kernel_too_big": {
        "en": "Layer {index} no longer fits: along the {axis}, its window spans {span} cells but "
              "its padded input has only {padded}. The feature map vanished: remove a layer or "
              "add padding.",
        "fr": f"La couche {{index}} ne tient plus{N}: en {{axis}}, sa fenêtre couvre {{span}} "
              f"cases mais son entrée remplie n’en a que {{padded}}. La carte de "
              f"caractéristiques a disparu{N}: retirez une couche ou ajoutez du remplissage.",
    },
}
