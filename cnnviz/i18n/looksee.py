"""Sentences of the Activations page's drawing canvas, clickable maps and "where did it look"
(keys prefixed ``look.``, plus the session model's name ``act.model.session``)."""

TEXT: dict[str, dict[str, str]] = {
    # --- the canvas --------------------------------------------------------------------------------
    "look.src.canvas": {"en": "Draw it yourself", "fr": "Dessinez vous-même"},
    "look.pen": {"en": "Pen width (canvas pixels)", "fr": "Épaisseur du trait (pixels du canevas)"},
    "look.help.pen": {
        "en": "The canvas is 280 pixels wide and shrinks to 28: a pen of 10 canvas pixels makes "
              "a line 1 input pixel wide. The training drawings have lines of 1.4 to 3.9 pixels.",
        "fr": "Le canevas fait 280 pixels de large et est réduit à 28\u202f: un trait de 10 pixels "
              "du canevas fait une ligne de 1 pixel d’entrée. Les dessins d’entraînement ont des "
              "traits de 1,4 à 3,9 pixels.",
    },
    "look.canvas.how": {
        "en": "Clear the triangle, then draw a circle, a square or a triangle with the mouse or "
              "a finger (the arrows above the canvas undo and redo). Each stroke updates the "
              "prediction and every map below.",
        "fr": "Effacez le triangle, puis dessinez un cercle, un carré ou un triangle à la souris "
              "ou au doigt (les flèches au-dessus du canevas annulent et rétablissent). Chaque "
              "trait met à jour la prédiction et toutes les cartes plus bas.",
    },
    "look.clear": {"en": "Clear the canvas", "fr": "Effacer le canevas"},
    "look.canvas.title": {"en": "Your drawing", "fr": "Votre dessin"},
    "look.toolbar.send": {"en": "Send this drawing to the page",
                          "fr": "Envoyer ce dessin à la page"},
    "look.toolbar.undo": {"en": "Undo the last stroke", "fr": "Annuler le dernier trait"},
    "look.toolbar.redo": {"en": "Redo", "fr": "Rétablir"},
    "look.toolbar.edit": {"en": "Edit: select, move or resize strokes",
                          "fr": "Modifier\u202f: choisir, déplacer ou agrandir des traits"},
    "look.toolbar.forward": {"en": "Bring forward", "fr": "Avancer d’un plan"},
    "look.toolbar.backward": {"en": "Send backward", "fr": "Reculer d’un plan"},
    "look.toolbar.delete": {"en": "Delete the selected stroke", "fr": "Supprimer le trait choisi"},
    "look.toolbar.reset": {"en": "Back to the starting drawing (undo everything)",
                           "fr": "Revenir au dessin de départ (tout annuler)"},
    "look.blank": {
        "en": "The canvas is empty: draw a circle, a square or a triangle.",
        "fr": "Le canevas est vide\u202f: dessinez un cercle, un carré ou un triangle.",
    },
    "look.canvas_error": {
        "en": "The canvas sent something that is not a picture. Clear it and draw again.",
        "fr": "Le canevas a envoyé autre chose qu’une image. Effacez-le et dessinez à nouveau.",
    },
    "look.metric": {"en": "Prediction", "fr": "Prédiction"},
    "look.metric.help": {"en": "The class with the highest probability.",
                         "fr": "La classe de plus forte probabilité."},
    "act.model.session": {"en": "The CNN trained on the Training page (this session)",
                          "fr": "Le CNN entraîné sur la page Entraînement (cette session)"},
    # --- clicking a map ------------------------------------------------------------------------------
    "look.maps.click": {
        "en": "Click (or tap) a square to open that channel below, with its kernels, its "
              "receptive field and the drawings that make it fire.",
        "fr": "Cliquez (ou touchez) un carré pour ouvrir ce canal plus bas, avec ses noyaux, son "
              "champ récepteur et les dessins qui l’activent le plus.",
    },
    "look.maps.alt": {"en": "Layer {name}: {channels} channels; click one to open it",
                      "fr": "Couche {name}\u202f: {channels} canaux\u202f; cliquez-en un pour l’ouvrir"},
    "look.detail.opened": {
        "en": "Opened: layer **{name}**, channel **{channel}**, unit at row {row}, column {col}.",
        "fr": "Ouvert\u202f: couche **{name}**, canal **{channel}**, unité en ligne {row}, "
              "colonne {col}.",
    },
    "look.ctl.row": {"en": "Unit row", "fr": "Ligne de l’unité"},
    "look.ctl.col": {"en": "Unit column", "fr": "Colonne de l’unité"},
    "look.kernels.title": {"en": "Its kernels", "fr": "Ses noyaux"},
    "look.kernels.how": {
        "en": "Channel {channel} of {conv} is one filter: {count} kernels of {kh}×{kw}, one per "
              "input channel, summed (plus a bias). Red: negative weight, white: zero, blue: "
              "positive (largest magnitude {peak}).",
        "fr": "Le canal {channel} de {conv} est un filtre\u202f: {count} noyaux de "
              "{kh}×{kw}, un par canal d’entrée, additionnés (plus un biais). Rouge\u202f: "
              "poids négatif, blanc\u202f: zéro, bleu\u202f: positif (plus grande valeur absolue "
              "{peak}).",
    },
    "look.kernels.separable": {
        "en": "A separable convolution: each kernel shown is the depthwise kernel of one input "
              "channel times its pointwise weight for this channel, the standard convolution "
              "it equals.",
        "fr": "Une convolution séparable\u202f: chaque noyau affiché est le noyau en profondeur d’un "
              "canal d’entrée multiplié par son poids ponctuel pour ce canal, la convolution "
              "standard à laquelle elle équivaut.",
    },
    "look.rf.title": {"en": "Its receptive field: {h}×{w} input pixels",
                      "fr": "Son champ récepteur\u202f: {h}×{w} pixels d’entrée"},
    "look.rf.how": {
        "en": "The unit at row {row}, column {col} of {layer} reads only the input pixels in "
              "the red box (rows {top} to {bottom}, columns {left} to {right}). Each layer "
              "widens the field by (k − 1) times the product of the strides before it, and "
              "neighbouring units are {stride} input pixels apart (Araujo et al., Distill 2019).",
        "fr": "L’unité en ligne {row}, colonne {col} de {layer} ne lit que les pixels d’entrée "
              "du cadre rouge (lignes {top} à {bottom}, colonnes {left} à {right}). Chaque "
              "couche élargit le champ de (k − 1) fois le produit des pas qui la précèdent, et "
              "deux unités voisines sont à {stride} pixels d’entrée l’une de l’autre (Araujo et "
              "al., Distill 2019).",
    },
    "look.rf.clipped": {
        "en": "Part of its {h}×{w} field lies outside the image, in the padding.",
        "fr": "Une partie de son champ de {h}×{w} tombe hors de l’image, dans le remplissage.",
    },
    "look.top.title": {"en": "What makes channel {channel} of {layer} fire",
                       "fr": "Ce qui active le canal {channel} de {layer}"},
    "look.top.how": {
        "en": "The 9 drawings, out of {n} generated drawings the network never trained on, that "
              "give this channel its strongest response (its largest value in the map), "
              "strongest first (Borowski et al. 2021: real examples explain a unit better than "
              "synthetic pictures).",
        "fr": "Les 9 dessins, parmi {n} dessins générés sur lesquels le réseau ne s’est jamais "
              "entraîné, qui donnent à ce canal sa plus forte réponse (sa plus grande valeur "
              "dans la carte), du plus fort au moins fort (Borowski et al. 2021\u202f: des exemples "
              "réels expliquent mieux une unité que des images de synthèse).",
    },
    "look.top.values": {"en": "Responses: {values}. True classes: {classes}.",
                        "fr": "Réponses\u202f: {values}. Vraies classes\u202f: {classes}."},
    "look.top.dead": {
        "en": "This channel stays at zero on all {n} drawings: a dead filter, which no drawing "
              "makes fire.",
        "fr": "Ce canal reste à zéro sur les {n} dessins\u202f: un filtre mort, qu’aucun dessin "
              "n’active.",
    },
    # --- where did it look ------------------------------------------------------------------------------
    "look.where.title": {"en": "Where did it look?", "fr": "Où a-t-il regardé\u202f?"},
    "look.where.how": {
        "en": "Two ways to ask which places of the input made the network answer a class. "
              "**Grad-CAM** weights the maps of one convolution by how much the class score "
              "grows with each of them (its gradient): bright places raised the score. "
              "**Occlusion** hides each place in turn under a {w}×{w} patch of blank paper and "
              "measures how much the class score drops: red places mattered, blue ones argued "
              "against the class.",
        "fr": "Deux façons de demander quels endroits de l’entrée ont fait répondre une classe "
              "au réseau. **Grad-CAM** pondère les cartes d’une convolution selon ce que chacune "
              "fait croître le score de la classe (son gradient)\u202f: les endroits clairs ont "
              "augmenté le score. **L’occlusion** cache chaque endroit tour à tour sous un carré "
              "de papier blanc de {w}×{w} et mesure la baisse du score de la classe\u202f: les "
              "endroits rouges comptaient, les bleus plaidaient contre la classe.",
    },
    "look.ctl.class": {"en": "Class to explain", "fr": "Classe à expliquer"},
    "look.class.auto": {"en": "Predicted ({label})", "fr": "Prédite ({label})"},
    "look.ctl.layer": {"en": "Grad-CAM layer", "fr": "Couche de Grad-CAM"},
    "look.help.layer": {
        "en": "Grad-CAM is usually computed at the last convolution (conv6: 3×3 maps, coarse "
              "but the most abstract). Earlier layers give finer maps.",
        "fr": "Grad-CAM se calcule d’habitude sur la dernière convolution (conv6\u202f: cartes de "
              "3×3, grossières mais les plus abstraites). Les couches précédentes donnent des "
              "cartes plus fines.",
    },
    "look.where.model": {"en": "**{model}**: p({label}) = {p} %",
                         "fr": "**{model}**\u202f: p({label}) = {p}\u202f%"},
    "look.where.gradcam": {"en": "Grad-CAM at {layer} (largest value {peak})",
                           "fr": "Grad-CAM sur {layer} (plus grande valeur {peak})"},
    "look.where.occlusion": {"en": "Occlusion (largest change {peak})",
                             "fr": "Occlusion (plus grand changement {peak})"},
    "look.where.empty": {"en": "All zero: no place raised this class's score.",
                         "fr": "Tout à zéro\u202f: aucun endroit n’a augmenté le score de cette classe."},
    "look.where.sanity": {
        "en": "The sanity check of Adebayo et al. (2018): the same maps for the same network "
              "with random weights. A method whose map barely changes when the weights are "
              "random shows the drawing, not what the network learned. Each map is scaled to "
              "its own largest value, given under it: compare the shapes, then the sizes.",
        "fr": "Le test de bon sens d’Adebayo et al. (2018)\u202f: les mêmes cartes pour le même "
              "réseau aux poids aléatoires. Une méthode dont la carte change à peine quand les "
              "poids sont aléatoires montre le dessin, pas ce que le réseau a appris. Chaque "
              "carte est mise à l’échelle de sa plus grande valeur, indiquée dessous\u202f: "
              "comparez les formes, puis les tailles.",
    },
    "look.where.no_twin": {
        "en": "This model has no trained twin to compare with.",
        "fr": "Ce modèle n’a pas de jumeau entraîné avec lequel le comparer.",
    },
}
