"""Sentences shared by every page: the shell, the image picker, and error explanations."""

TEXT: dict[str, dict[str, str]] = {
    # --- shell -------------------------------------------------------------------------------
    "app.title": {
        "en": "CNN playground: see what convolutions do",
        "fr": "Atelier CNN : voir ce que font les convolutions",
    },
    "app.tagline": {
        "en": "Move the sliders, upload your own photo, and watch every step of a convolutional "
              "neural network. Every number shown is computed by PyTorch.",
        "fr": "Bougez les curseurs, importez votre propre photo et suivez chaque étape d’un "
              "réseau de neurones convolutif. Chaque nombre affiché est calculé par PyTorch.",
    },
    "sidebar.language": {"en": "Language", "fr": "Langue"},
    "nav.home": {"en": "Home", "fr": "Accueil"},
    "nav.convolution": {"en": "Convolution", "fr": "Convolution"},
    "nav.separable": {"en": "Separable convolution", "fr": "Convolution séparable"},
    "nav.pooling": {"en": "Pooling", "fr": "Pooling (sous-échantillonnage)"},
    "nav.activations": {"en": "Activations of a trained CNN", "fr": "Activations d’un CNN entraîné"},
    "nav.training": {"en": "Training live", "fr": "Entraînement en direct"},
    "home.pages": {"en": "The lessons", "fr": "Les leçons"},
    "home.convolution": {
        "en": "How a kernel slides over an image: stride, padding, padding modes and dilation, "
              "animated step by step with the output-size formula; transposed convolution; "
              "classic kernels (blur, Sobel, sharpen…) on a real photo.",
        "fr": "Comment un noyau glisse sur une image : pas, remplissage, modes de remplissage et "
              "dilatation, animés pas à pas avec la formule de la taille de sortie ; convolution "
              "transposée ; noyaux classiques (flou, Sobel, netteté…) sur une vraie photo.",
    },
    "home.separable": {
        "en": "Depthwise then pointwise: the two stages of a separable convolution "
              "(Keras SeparableConv2D, MobileNet) and how many parameters and multiply-adds "
              "they save.",
        "fr": "En profondeur puis point par point : les deux étapes d’une convolution séparable "
              "(SeparableConv2D de Keras, MobileNet) et combien de paramètres et de "
              "multiplications-additions elles économisent.",
    },
    "home.pooling": {
        "en": "Max, average and other pooling side by side on numbers and on a photo, and how "
              "well each tolerates small shifts.",
        "fr": "Pooling max, moyen et d’autres côte à côte, sur des nombres et sur une photo, et "
              "leur tolérance aux petits décalages.",
    },
    "home.activations": {
        "en": "A small CNN trained on drawings of circles, squares and triangles: its prediction "
              "and every feature map of every layer, channel by channel, for your own image.",
        "fr": "Un petit CNN entraîné sur des dessins de cercles, de carrés et de triangles : sa "
              "prédiction et chaque carte de caractéristiques de chaque couche, canal par canal, "
              "pour votre propre image.",
    },
    "home.training": {
        "en": "Train the shapes CNN yourself and watch its loss and accuracy curves, its first "
              "filters turning from noise into detectors, and over-fitting when data is scarce.",
        "fr": "Entraînez vous-même le CNN des formes et regardez ses courbes de perte et "
              "d’exactitude, ses premiers filtres passer du bruit aux détecteurs, et le "
              "surapprentissage quand les données manquent.",
    },
    "home.why_title": {
        "en": "Why convolutions rather than fully connected layers?",
        "fr": "Pourquoi des convolutions plutôt que des couches entièrement connectées ?",
    },
    "home.why_body": {
        "en": "A 224×224 colour image has {inputs} values. Connecting it to just {units} "
              "neurons with a fully connected layer takes {dense} weights. A convolution with "
              "{filters} filters of 3×3 over its 3 channels needs only {conv} weights, shares "
              "them across every position, and keeps the image's spatial structure.",
        "fr": "Une image couleur de 224×224 contient {inputs} valeurs. La relier à seulement "
              "{units} neurones par une couche entièrement connectée demande {dense} poids. "
              "Une convolution à {filters} filtres 3×3 sur ses 3 canaux n’en demande que "
              "{conv}, les partage à chaque position et conserve la structure spatiale de "
              "l’image.",
    },
    "home.picker_hint": {
        "en": "Pick a sample photo or upload your own in the sidebar: every page uses it.",
        "fr": "Choisissez une photo d’exemple ou importez la vôtre dans la barre latérale : "
              "toutes les pages l’utilisent.",
    },
    "home.credits": {"en": "Photo credits", "fr": "Crédits des photos"},
    # --- image picker --------------------------------------------------------------------------
    "picker.title": {"en": "Image", "fr": "Image"},
    "picker.source": {"en": "Photo used by every page", "fr": "Photo utilisée par toutes les pages"},
    "picker.upload_option": {"en": "My own photo…", "fr": "Ma propre photo…"},
    "picker.upload_name": {"en": "Your photo", "fr": "Votre photo"},
    "picker.upload": {"en": "Upload a photo (PNG, JPEG, GIF, WebP, BMP, TIFF)",
                      "fr": "Importer une photo (PNG, JPEG, GIF, WebP, BMP, TIFF)"},
    "picker.upload_waiting": {
        "en": "No photo uploaded yet: showing the cat meanwhile.",
        "fr": "Aucune photo importée pour l’instant : le chat est affiché en attendant.",
    },
    "picker.privacy": {
        "en": "Your photo is kept only in the server’s memory, never written to disk or logged; "
              "it is dropped when your session ends or when newer photos need the room.",
        "fr": "Votre photo n’est gardée que dans la mémoire du serveur, jamais écrite sur disque "
              "ni journalisée ; elle en est retirée à la fin de votre session ou quand de plus "
              "récentes ont besoin de la place.",
    },
    "picker.fallback": {
        "en": "{reason} The sample cat photo is used instead.",
        "fr": "{reason} La photo d’exemple du chat est utilisée à la place.",
    },
    # sizes are written height×width everywhere (like PyTorch's shapes), photos included
    "picker.size": {"en": "{h}×{w} pixels (height×width)", "fr": "{h}×{w} pixels (hauteur×largeur)"},
    "sample.chelsea": {"en": "Cat (Chelsea)", "fr": "Chat (Chelsea)"},
    "sample.coffee": {"en": "Cup of coffee", "fr": "Tasse de café"},
    "sample.astronaut": {"en": "Astronaut (Eileen Collins)", "fr": "Astronaute (Eileen Collins)"},
    "sample.camera": {"en": "Cameraman (grayscale)", "fr": "Caméraman (niveaux de gris)"},
    "sample.rocket": {"en": "Rocket launch", "fr": "Lancement de fusée"},
    # --- image errors --------------------------------------------------------------------------
    "imgerr.empty": {"en": "The uploaded file is empty.", "fr": "Le fichier importé est vide."},
    "imgerr.too_large": {
        "en": "The uploaded file is larger than {mb} MB.",
        "fr": "Le fichier importé dépasse {mb} Mo.",
    },
    "imgerr.not_image": {
        "en": "The uploaded file is not an image the app can read.",
        "fr": "Le fichier importé n’est pas une image lisible par l’application.",
    },
    "imgerr.truncated": {
        "en": "The uploaded image is damaged or incomplete and cannot be decoded.",
        "fr": "L’image importée est endommagée ou incomplète : impossible de la décoder.",
    },
    "imgerr.too_many_pixels": {
        "en": "The uploaded image has too many pixels for the app (about {mp} million at most "
              "for a colour photo).",
        "fr": "L’image importée a trop de pixels pour l’application ({mp} millions environ au "
              "plus pour une photo en couleur).",
    },
    "imgerr.busy": {
        "en": "Many photos are being uploaded at this moment; try again in a minute.",
        "fr": "Beaucoup de photos sont importées en ce moment ; réessayez dans une minute.",
    },
    # --- URL and settings errors ---------------------------------------------------------------
    "url.ignored": {
        "en": "The link set “{name}” to {value}, which is not allowed (allowed: {allowed}); "
              "the default is used instead.",
        "fr": "Le lien fixait « {name} » à {value}, valeur non permise (permis : {allowed}) ; "
              "la valeur par défaut est utilisée.",
    },
    "url.repeated": {
        "en": "The link gives “{name}” more than once ({values}); {used} is used.",
        "fr": "Le lien donne « {name} » plusieurs fois ({values}) ; {used} est utilisé.",
    },
    "url.too_long": {
        "en": "The link’s value for “{name}” has {length} characters; only the first {limit} "
              "are kept, as in the box.",
        "fr": "La valeur du lien pour « {name} » a {length} caractères ; seuls les {limit} "
              "premiers sont gardés, comme dans la case.",
    },
    "axis.0": {"en": "height", "fr": "hauteur"},
    "axis.1": {"en": "width", "fr": "largeur"},
    "geom.kernel_too_big": {
        "en": "Impossible setting: along the {axis}, the dilated kernel spans {span} cells but "
              "the padded input has only {padded}. Use a smaller kernel or dilation, more "
              "padding, or a larger input.",
        "fr": "Réglage impossible : en {axis}, le noyau dilaté couvre {span} cases mais l’entrée "
              "remplie n’en a que {padded}. Prenez un noyau ou une dilatation plus petits, plus "
              "de remplissage ou une entrée plus grande.",
    },
    "geom.pad_too_big_for_mode": {
        "en": "Impossible setting: “{mode}” padding can add at most {limit_h} rows and "
              "{limit_w} columns on each side of a {h}×{w} input. Use less padding or the "
              "zeros mode.",
        "fr": "Réglage impossible : le remplissage « {mode} » peut ajouter au plus {limit_h} "
              "lignes et {limit_w} colonnes de chaque côté d’une entrée {h}×{w}. Réduisez le "
              "remplissage ou choisissez le mode zéros.",
    },
    "geom.output_padding_too_big": {
        "en": "Impossible setting: the output padding ({value}) must be smaller than the stride "
              "or the dilation ({limit}).",
        "fr": "Réglage impossible : le remplissage de sortie ({value}) doit être plus petit que "
              "le pas ou la dilatation ({limit}).",
    },
    "geom.transposed_empty": {
        "en": "Impossible setting: a padding of {padding} removes the whole output along the "
              "{axis}.",
        "fr": "Réglage impossible : un remplissage de {padding} supprime toute la sortie en "
              "{axis}.",
    },
    "geom.other": {
        "en": "Impossible setting: {detail}.",
        "fr": "Réglage impossible : {detail}.",
    },
    "kerr.empty": {"en": "The kernel is empty: type at least one number.",
                   "fr": "Le noyau est vide : tapez au moins un nombre."},
    "kerr.not_number": {"en": "{cell} is not a number.", "fr": "{cell} n’est pas un nombre."},
    "kerr.ragged": {"en": "Every row of the kernel needs the same number of values.",
                    "fr": "Chaque ligne du noyau doit avoir le même nombre de valeurs."},
    "kerr.too_big": {"en": "The kernel is {h}×{w}; at most {limit}×{limit} is allowed.",
                     "fr": "Le noyau fait {h}×{w} ; {limit}×{limit} au plus est permis."},
    "kerr.not_finite": {"en": "Kernel values must be finite numbers below a million.",
                        "fr": "Les valeurs du noyau doivent être des nombres finis inférieurs "
                              "à un million."},
    "error.reported": {
        "en": "Something went wrong while drawing this part; the rest of the page still works. "
              "If it happens again, tell the lecturer this reference: {id}.",
        "fr": "Un problème est survenu en dessinant cette partie ; le reste de la page "
              "fonctionne. S’il se reproduit, donnez cette référence à l’enseignant : {id}.",
    },
    "error.unexpected": {
        "en": "Something went wrong while drawing this part; the rest of the page still works. "
              "Try other settings.",
        "fr": "Un problème est survenu en dessinant cette partie ; le reste de la page "
              "fonctionne. Essayez d’autres réglages.",
    },
    # --- classic kernels (cnnviz.kernels.CLASSIC) -------------------------------------------------
    "kernel.identity": {"en": "Identity", "fr": "Identité"},
    "kernel.box_blur": {"en": "Box blur", "fr": "Flou moyen"},
    "kernel.gaussian": {"en": "Gaussian blur 5×5", "fr": "Flou gaussien 5×5"},
    "kernel.sharpen": {"en": "Sharpen", "fr": "Netteté"},
    "kernel.sobel_x": {"en": "Sobel x (vertical edges)", "fr": "Sobel x (contours verticaux)"},
    "kernel.sobel_y": {"en": "Sobel y (horizontal edges)",
                          "fr": "Sobel y (contours horizontaux)"},
    "kernel.prewitt_x": {"en": "Prewitt x (vertical edges)",
                            "fr": "Prewitt x (contours verticaux)"},
    "kernel.prewitt_y": {"en": "Prewitt y (horizontal edges)",
                            "fr": "Prewitt y (contours horizontaux)"},
    "kernel.laplacian": {"en": "Laplacian", "fr": "Laplacien"},
    "kernel.emboss": {"en": "Emboss", "fr": "Estampage"},
    "kernel.outline": {"en": "Outline", "fr": "Contours"},
    # --- shared words --------------------------------------------------------------------------
    "word.input": {"en": "Input", "fr": "Entrée"},
    "word.output": {"en": "Output", "fr": "Sortie"},
    "word.kernel": {"en": "Kernel", "fr": "Noyau"},
    "word.shape": {"en": "shape", "fr": "forme"},
    "word.download_gif": {"en": "Download the animation (GIF)",
                          "fr": "Télécharger l’animation (GIF)"},
    "word.download_png": {"en": "Download the picture (PNG)", "fr": "Télécharger l’image (PNG)"},
}
