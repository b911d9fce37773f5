"""Sentences of the Activations page (keys prefixed ``act.``)."""

TEXT: dict[str, dict[str, str]] = {
    # --- introduction and controls -------------------------------------------------------------
    "act.intro": {
        "en": "A small CNN trained to tell circles, squares and triangles apart. Give it a drawing "
              "or a photo, read its prediction, then open it up: every convolution, ReLU and "
              "pooling layer is shown channel by channel, as the network computed it (PyTorch).",
        "fr": "Un petit CNN entraîné à distinguer cercles, carrés et triangles. Donnez-lui un "
              "dessin ou une photo, lisez sa prédiction, puis ouvrez-le : chaque couche de "
              "convolution, de ReLU et de pooling est affichée canal par canal, telle que le réseau "
              "l’a calculée (PyTorch).",
    },
    "act.ctl.model": {"en": "Model", "fr": "Modèle"},
    "act.help.model": {
        "en": "The trained models reach over 99 % accuracy on fresh drawings. The untrained ones "
              "have the same architecture with random weights: compare their feature maps and "
              "filters.",
        "fr": "Les modèles entraînés dépassent 99 % de réussite sur des dessins inédits. Les "
              "modèles non entraînés ont la même architecture avec des poids aléatoires : "
              "comparez leurs cartes de caractéristiques et leurs filtres.",
    },
    "act.model.shapes": {"en": "Trained CNN (standard convolutions)",
                         "fr": "CNN entraîné (convolutions standard)"},
    "act.model.shapes_separable": {"en": "Trained CNN (separable convolutions)",
                                   "fr": "CNN entraîné (convolutions séparables)"},
    "act.model.shapes_untrained": {"en": "Untrained CNN (random weights)",
                                   "fr": "CNN non entraîné (poids aléatoires)"},
    "act.model.shapes_separable_untrained": {
        "en": "Untrained separable CNN (random weights)",
        "fr": "CNN séparable non entraîné (poids aléatoires)",
    },
    "act.ctl.source": {"en": "Input image", "fr": "Image d’entrée"},
    "act.src.drawing": {"en": "A generated shape", "fr": "Une forme générée"},
    "act.src.photo": {"en": "The sidebar photo", "fr": "La photo de la barre latérale"},
    "act.ctl.res": {"en": "Resolution of the feature maps", "fr": "Résolution des cartes"},
    "act.help.res": {
        "en": "28×28 is the size the model was trained on (its prediction always uses it). The "
              "convolutional part also runs on the image at its own size (at most 256 px), where "
              "the maps show far more.",
        "fr": "28×28 est la taille sur laquelle le modèle a été entraîné (sa prédiction l’utilise "
              "toujours). La partie convolutive tourne aussi sur l’image à sa propre taille "
              "(256 px au plus), où les cartes en montrent bien plus.",
    },
    "act.res.28": {"en": "28×28 (training)", "fr": "28×28 (entraînement)"},
    "act.res.full": {"en": "Own size (≤ 256 px)", "fr": "Taille réelle (≤ 256 px)"},
    "act.ctl.shape": {"en": "Shape to draw", "fr": "Forme à dessiner"},
    "act.ctl.size": {"en": "Size (% of the side)", "fr": "Taille (% du côté)"},
    "act.ctl.rotation": {"en": "Rotation (degrees)", "fr": "Rotation (degrés)"},
    "act.ctl.filled": {"en": "Filled", "fr": "Pleine"},
    "act.class.circle": {"en": "circle", "fr": "cercle"},
    "act.class.square": {"en": "square", "fr": "carré"},
    "act.class.triangle": {"en": "triangle", "fr": "triangle"},
    "act.photo_note": {
        "en": "This model only ever saw drawings of circles, squares and triangles: on a photo "
              "its answer is a forced choice among these three, not a recognition. Its feature "
              "maps are still worth looking at. Change the photo in the sidebar.",
        "fr": "Ce modèle n’a jamais vu que des dessins de cercles, de carrés et de triangles : "
              "sur une photo, sa réponse est un choix forcé entre ces trois-là, pas une "
              "reconnaissance. Ses cartes de caractéristiques restent intéressantes. Changez de "
              "photo dans la barre latérale.",
    },
    "act.model_error": {
        "en": "The model “{name}” cannot be loaded here (its weights file is missing). Pick "
              "another model.",
        "fr": "Le modèle « {name} » ne peut pas être chargé ici (son fichier de poids manque). "
              "Choisissez un autre modèle.",
    },
    "act.compute_error": {
        "en": "The network could not run on this image. Try another image or model.",
        "fr": "Le réseau n’a pas pu traiter cette image. Essayez une autre image ou un autre "
              "modèle.",
    },
    # --- input notes -----------------------------------------------------------------------------
    "act.note.shrunk": {
        "en": "The photo is {h}×{w} pixels: for the feature maps at its own size it was shrunk "
              "so that its longest side is 256 pixels.",
        "fr": "La photo fait {h}×{w} pixels : pour les cartes à sa propre taille, elle a été "
              "réduite pour que son plus grand côté fasse 256 pixels.",
    },
    "act.note.padded": {
        "en": "The photo ({h}×{w} pixels) is too thin for the network (it needs at least 28 "
              "pixels each way): it was padded to a square with its border colour.",
        "fr": "La photo ({h}×{w} pixels) est trop étroite pour le réseau (il lui faut au moins "
              "28 pixels dans chaque sens) : elle a été complétée en carré avec la couleur de "
              "son bord.",
    },
    "act.note.enlarged": {
        "en": "The photo is tiny ({h}×{w} pixels): it was enlarged to 28×28, so the maps show "
              "little more than flat colour.",
        "fr": "La photo est minuscule ({h}×{w} pixels) : elle a été agrandie en 28×28, les cartes "
              "ne montrent donc guère plus qu’une couleur uniforme.",
    },
    "act.note.grayscale": {
        "en": "The image is grayscale: its red, green and blue channels are equal, which the "
              "network handles like any other image.",
        "fr": "L’image est en niveaux de gris : ses canaux rouge, vert et bleu sont égaux, ce que "
              "le réseau traite comme n’importe quelle autre image.",
    },
    # --- prediction ------------------------------------------------------------------------------
    "act.pred.title": {"en": "Prediction", "fr": "Prédiction"},
    "act.pred.input": {"en": "Input: the drawing ({h}×{w} pixels)",
                       "fr": "Entrée : le dessin ({h}×{w} pixels)"},
    "act.pred.input_photo": {"en": "Input: {label} ({h}×{w} pixels)",
                             "fr": "Entrée : {label} ({h}×{w} pixels)"},
    "act.pred.sees": {
        "en": "What the model sees: the same image shrunk to 28×28 (enlarged here without "
              "smoothing)",
        "fr": "Ce que voit le modèle : la même image réduite en 28×28 (agrandie ici sans "
              "lissage)",
    },
    "act.pred.chart": {"en": "Output: probability of each class (softmax)",
                       "fr": "Sortie : probabilité de chaque classe (softmax)"},
    "act.pred.axis": {"en": "Probability", "fr": "Probabilité"},
    "act.pred.says": {
        "en": "The model says **{label}**, with a probability of {p} %.",
        "fr": "Le modèle répond **{label}**, avec une probabilité de {p} %.",
    },
    "act.pred.untrained": {
        "en": "This network has random weights: its answer is chance, about 33 % each.",
        "fr": "Ce réseau a des poids aléatoires : sa réponse relève du hasard, environ 33 % "
              "chacune.",
    },
    "act.samples.title": {"en": "Sample drawings of each class and what this model says",
                          "fr": "Dessins d’exemple de chaque classe et réponse de ce modèle"},
    "act.samples.caption": {"en": "**{truth}**  \nsays: {label} ({p} %)",
                            "fr": "**{truth}**  \nréponse : {label} ({p} %)"},
    # --- layer grids -----------------------------------------------------------------------------
    "act.maps.title": {"en": "Feature maps, layer by layer",
                       "fr": "Cartes de caractéristiques, couche par couche"},
    "act.maps.how": {
        "en": "Each picture is one layer. Each small square in it is one channel: the feature "
              "map of one filter, channel 0 at the top left, then row by row. Bright means a "
              "strong response.",
        "fr": "Chaque image est une couche. Chaque petit carré est un canal : la carte de "
              "caractéristiques d’un filtre, le canal 0 en haut à gauche, puis ligne par ligne. "
              "Clair signifie une forte réponse.",
    },
    "act.maps.res28": {
        "en": "The network runs on the 28×28 input, as in training: the last layers are only "
              "3×3 and 1×1 pixels per channel.",
        "fr": "Le réseau tourne sur l’entrée 28×28, comme à l’entraînement : les dernières "
              "couches ne font que 3×3 et 1×1 pixel par canal.",
    },
    "act.maps.resfull": {
        "en": "The convolutional part runs on the image at {h}×{w} pixels (the classifier "
              "after it needs 28×28, so the prediction above does not change).",
        "fr": "La partie convolutive tourne sur l’image en {h}×{w} pixels (le classifieur qui "
              "la suit exige du 28×28 : la prédiction ci-dessus ne change donc pas).",
    },
    "act.sparse.grows": {
        "en": "Deep layers go dark: after the first ReLU, {first} % of the values are zero; after "
              "the last one ({last_name}), {last} %, and {dead} of its {channels} channels are "
              "entirely dark on this image. Each deep filter responds only to a rarer, more "
              "specific pattern.",
        "fr": "Les couches profondes s’assombrissent : après la première ReLU, {first} % des "
              "valeurs sont nulles ; après la dernière ({last_name}), {last} %, et {dead} de ses "
              "{channels} canaux sont entièrement sombres sur cette image. Chaque filtre profond "
              "ne répond qu’à un motif plus rare et plus spécifique.",
    },
    "act.sparse.flat": {
        "en": "Here the deep layers do not go darker: {first} % of the values are zero after the "
              "first ReLU and {last} % after the last one ({last_name}), with {dead} of its "
              "{channels} channels entirely dark. A trained network usually gets much sparser "
              "with depth; random filters do not.",
        "fr": "Ici, les couches profondes ne s’assombrissent pas : {first} % des valeurs sont "
              "nulles après la première ReLU et {last} % après la dernière ({last_name}), avec "
              "{dead} de ses {channels} canaux entièrement sombres. Un réseau entraîné devient "
              "en général bien plus creux en profondeur ; des filtres aléatoires, non.",
    },
    "act.ctl.show": {"en": "Layers shown", "fr": "Couches affichées"},
    "act.show.all": {"en": "All", "fr": "Toutes"},
    "act.show.conv": {"en": "Convolutions", "fr": "Convolutions"},
    "act.show.relu": {"en": "ReLU", "fr": "ReLU"},
    "act.show.pool": {"en": "Pooling", "fr": "Pooling"},
    "act.ctl.range": {"en": "Colour range", "fr": "Échelle des couleurs"},
    "act.help.range": {
        "en": "Per channel: each channel stretched from its own minimum to its own maximum "
              "(shows the pattern, hides the strength). Per layer: one scale for the whole layer. "
              "All layers: one scale shared by all ReLU and pooling layers (from 0 to their "
              "largest value) and one shared by all convolutions, so strengths can be compared "
              "from layer to layer.",
        "fr": "Par canal : chaque canal étalé de son propre minimum à son propre maximum (montre "
              "le motif, masque l’intensité). Par couche : une seule échelle pour toute la "
              "couche. Toutes couches : une échelle commune à toutes les couches ReLU "
              "et de pooling (de 0 à leur plus grande valeur) et une autre commune à toutes les "
              "convolutions, pour comparer les intensités d’une couche à l’autre.",
    },
    "act.range.channel": {"en": "Per channel", "fr": "Par canal"},
    "act.range.layer": {"en": "Per layer", "fr": "Par couche"},
    "act.range.global": {"en": "All layers", "fr": "Toutes couches"},
    "act.ctl.cmap": {"en": "Colour map", "fr": "Palette de couleurs"},
    "act.help.cmap": {
        "en": "viridis, magma and inferno read well for colour-blind viewers and in black and "
              "white; red–blue suits signed values.",
        "fr": "viridis, magma et inferno restent lisibles pour les daltoniens et en noir et "
              "blanc ; rouge–bleu convient aux valeurs signées.",
    },
    "act.cmap.viridis": {"en": "viridis", "fr": "viridis"},
    "act.cmap.magma": {"en": "magma", "fr": "magma"},
    "act.cmap.inferno": {"en": "inferno", "fr": "inferno"},
    "act.cmap.gray": {"en": "gray", "fr": "gris"},
    "act.cmap.RdBu": {"en": "red–blue", "fr": "rouge–bleu"},
    "act.ctl.cols": {"en": "Layers per row", "fr": "Couches par ligne"},
    "act.help.cols": {
        "en": "Fewer layers per row make each picture larger (on a projector, try 2).",
        "fr": "Moins de couches par ligne agrandit chaque image (au vidéoprojecteur, essayez 2).",
    },
    "act.layer.label": {"en": "**{name}** · {kind} · output {shape}",
                        "fr": "**{name}** · {kind} · sortie {shape}"},
    "act.layer.stats": {
        "en": "dead channels: {dead} of {channels} · values from {vmin} to {vmax}",
        "fr": "canaux morts : {dead} sur {channels} · valeurs de {vmin} à {vmax}",
    },
    "act.layer.alt": {"en": "Feature maps of layer {name}, {channels} channels",
                      "fr": "Cartes de caractéristiques de la couche {name}, {channels} canaux"},
    # --- one channel -------------------------------------------------------------------------------
    "act.detail.title": {"en": "One channel up close", "fr": "Un canal de près"},
    "act.ctl.layer": {"en": "Layer", "fr": "Couche"},
    "act.ctl.channel": {"en": "Channel (0 to {last})", "fr": "Canal (0 à {last})"},
    "act.detail.input": {"en": "Input of the network ({h}×{w} pixels)",
                         "fr": "Entrée du réseau ({h}×{w} pixels)"},
    "act.detail.heading": {"en": "Output: layer {name}, channel {channel} ({h}×{w})",
                           "fr": "Sortie : couche {name}, canal {channel} ({h}×{w})"},
    "act.detail.min": {"en": "Minimum", "fr": "Minimum"},
    "act.detail.max": {"en": "Maximum", "fr": "Maximum"},
    "act.detail.zeros": {"en": "Zero values", "fr": "Valeurs nulles"},
    "act.detail.dead": {
        "en": "This channel is zero everywhere on this image: a dead channel (its filter found "
              "nothing it responds to).",
        "fr": "Ce canal vaut zéro partout sur cette image : un canal mort (son filtre n’a rien "
              "trouvé à quoi répondre).",
    },
    "act.detail.scale": {
        "en": "Colours run from {lo} to {hi} ({range}).",
        "fr": "Les couleurs vont de {lo} à {hi} ({range}).",
    },
    "act.detail.value": {"en": "value", "fr": "valeur"},
    "act.detail.row": {"en": "row", "fr": "ligne"},
    "act.detail.col": {"en": "column", "fr": "colonne"},
    # --- filters ------------------------------------------------------------------------------------
    "act.filters.title": {"en": "The first layer's filters", "fr": "Les filtres de la première couche"},
    "act.filters.how": {
        "en": "Each small image is one 3×3 kernel of the first convolution, its red, green and "
              "blue weights shown as a colour (each stretched to its own range). Left: this model; "
              "right: its twin, trained or not.",
        "fr": "Chaque petite image est un noyau 3×3 de la première convolution, ses poids rouge, "
              "vert et bleu affichés comme une couleur (chacun étalé sur sa propre plage). À "
              "gauche : ce modèle ; à droite : son jumeau, entraîné ou non.",
    },
    "act.filters.how_separable": {
        "en": "This model's first layer is a separable convolution: its depthwise stage has one "
              "3×3 kernel per input channel (red, green, blue), shown in gray; the pointwise "
              "stage then mixes them with 1×1 weights.",
        "fr": "La première couche de ce modèle est une convolution séparable : son étape en "
              "profondeur a un noyau 3×3 par canal d’entrée (rouge, vert, bleu), affiché en gris ; "
              "l’étape point par point les mélange ensuite avec des poids 1×1.",
    },
    "act.filters.change": {
        "en": "The untrained model is exactly where training started (the same random seed). "
              "Training moved the first layer's weights by {first} % of their size, and all the "
              "convolution weights together by {overall} %: that is what turns a network that "
              "guesses into one that is right {acc} % of the time on new drawings.",
        "fr": "Le modèle non entraîné est exactement le point de départ de l’entraînement (la même "
              "graine aléatoire). L’entraînement a déplacé les poids de la première couche de "
              "{first} % de leur taille, et l’ensemble des poids de convolution de {overall} % : "
              "c’est ce qui fait d’un réseau qui devine un réseau juste {acc} % du temps sur des "
              "dessins inédits.",
    },
    "act.filters.caption": {"en": "{model}: {count} kernels of {kh}×{kw}",
                            "fr": "{model} : {count} noyaux de {kh}×{kw}"},
    # --- summary ------------------------------------------------------------------------------------
    "act.summary.title": {"en": "Model summary", "fr": "Résumé du modèle"},
    "act.summary.how": {
        "en": "Every layer for one 28×28 input, counted by PyTorch: output shape (channels × "
              "height × width), parameters (weights and biases) and multiply-adds.",
        "fr": "Chaque couche pour une entrée 28×28, comptée par PyTorch : forme de sortie "
              "(canaux × hauteur × largeur), paramètres (poids et biais) et "
              "multiplications-additions.",
    },
    "act.summary.layer": {"en": "Layer", "fr": "Couche"},
    "act.summary.kind": {"en": "Type", "fr": "Type"},
    "act.summary.shape": {"en": "Output shape", "fr": "Forme de sortie"},
    "act.summary.params": {"en": "Parameters", "fr": "Paramètres"},
    "act.summary.madds": {"en": "Multiply-adds", "fr": "Multiplications-additions"},
    "act.summary.total": {"en": "Total", "fr": "Total"},
    "act.summary.accuracy": {
        "en": "Accuracy on {n} held-out drawings: {acc} % (trained {epochs} epochs).",
        "fr": "Réussite sur {n} dessins jamais vus : {acc} % (entraîné {epochs} époques).",
    },
    "act.summary.random": {
        "en": "Untrained: random initial weights, the same on every machine.",
        "fr": "Non entraîné : poids initiaux aléatoires, les mêmes sur toutes les machines.",
    },
}
