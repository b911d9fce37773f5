"""Sentences of the Architectures lesson (keys start with ``arch.``), its nav title and home card."""

N = "\u202f"  # narrow no-break space (French typography)

_KINDS = {
    "conv": ("convolution", "convolution"),
    "depthwise": ("depthwise convolution", "convolution en profondeur"),
    "pointwise": ("1×1 convolution", "convolution 1×1"),
    "upconv": ("up-convolution (transposed)", "convolution transposée"),
    "maxpool": ("max pooling", "pooling max"),
    "avgpool": ("average pooling", "pooling moyen"),
    "global": ("global average pooling", "pooling moyen global"),
    "linear": ("dense (fully connected)", "dense (entièrement connectée)"),
    "bn": ("batch norm", "normalisation par lot"),
    "relu": ("activation", "activation"),
    "dropout": ("dropout", "dropout"),
    "flatten": ("flatten", "aplatissement"),
    "crop": ("copy and crop", "copie et recadrage"),
    "other": ("other", "autre"),
}
_NAMES = {
    "alexnet": ("AlexNet", "AlexNet"), "vgg16": ("VGG16", "VGG16"),
    "resnet18": ("ResNet-18", "ResNet-18"), "resnet50": ("ResNet-50", "ResNet-50"),
    "mobilenet_v1": ("MobileNet v1", "MobileNet v1"), "mobilenet_v2": ("MobileNet v2", "MobileNet v2"),
    "unet": ("U-Net (segmentation)", "U-Net (segmentation)"),
    "shapes": ("The course's shapes CNN", "Le CNN des formes du cours"),
    "shapes_separable": ("Its separable twin", "Son jumeau séparable"),
    "stack": ("The stack of the Receptive field lesson", "La pile de la leçon Champ récepteur"),
}

TEXT: dict[str, dict[str, str]] = {
    "nav.architectures": {"en": "Architectures", "fr": "Architectures"},
    "home.architectures": {
        "en": "AlexNet, VGG16, ResNet, MobileNet and U-Net layer by layer: output shapes, "
              "parameters, multiply-adds and receptive fields, ResNet's skip connections, "
              "U-Net's copy-and-crop, and what happens to a smaller or larger input.",
        "fr": "AlexNet, VGG16, ResNet, MobileNet et U-Net couche par couche : formes de sortie, "
              "paramètres, multiplications-additions et champs récepteurs, connexions résiduelles "
              "de ResNet, copie et recadrage de U-Net, et ce que devient une entrée plus petite "
              "ou plus grande.".replace(" :", f"{N}:"),
    },
    **{f"arch.kind.{k}": {"en": en, "fr": fr} for k, (en, fr) in _KINDS.items()},
    **{f"arch.name.{k}": {"en": en, "fr": fr} for k, (en, fr) in _NAMES.items()},
    "arch.title": {"en": "Architectures: famous CNNs layer by layer",
                   "fr": f"Architectures{N}: des CNN célèbres couche par couche"},
    "arch.intro": {
        "en": "Pick a network: every layer with the shape it outputs, its parameters, its "
              "multiply-adds and the receptive field of one of its outputs. Shapes and costs "
              "come from running the network in PyTorch (without allocating its weights); "
              "change the input size and watch them follow.",
        "fr": f"Choisissez un réseau{N}: chaque couche avec la forme qu’elle produit, ses "
              f"paramètres, ses multiplications-additions et le champ récepteur d’une de ses "
              f"sorties. Formes et coûts viennent de l’exécution du réseau dans PyTorch (sans "
              f"allouer ses poids){N}; changez la taille d’entrée et regardez-les suivre.",
    },
    "arch.net": {"en": "Network", "fr": "Réseau"},
    "arch.size": {"en": "Input size (side of the square image, in pixels)",
                  "fr": "Taille d’entrée (côté de l’image carrée, en pixels)"},
    "arch.size_help": {"en": "The network is published for {default}×{default}×{c} inputs.",
                       "fr": "Le réseau est publié pour des entrées de {default}×{default}×{c}."},
    "arch.detail": {"en": "Show every layer", "fr": "Montrer toutes les couches"},
    "arch.detail_help": {
        "en": "Also batch norms, activations, dropouts (no multiply-adds counted for them).",
        "fr": "Aussi les normalisations, activations et dropouts (aucune multiplication-"
              "addition comptée pour eux).",
    },
    "arch.total.params": {"en": "Parameters", "fr": "Paramètres"},
    "arch.total.macs": {"en": "Multiply-adds", "fr": "Multiplications-additions"},
    "arch.total.out": {"en": "Output shape", "fr": "Forme de sortie"},
    "arch.giga": {"en": "{value} G", "fr": "{value} G"},
    "arch.total.note": {
        "en": "Multiply-adds of the convolutions and dense layers, counted by PyTorch's "
              "FlopCounterMode (which counts 2 FLOPs per multiply-add); the column torchvision "
              "calls GFLOPS is this number in billions.",
        "fr": f"Multiplications-additions des convolutions et couches denses, comptées par "
              f"FlopCounterMode de PyTorch (qui compte 2 FLOP par multiplication-addition){N}; la "
              f"colonne que torchvision appelle GFLOPS est ce nombre en milliards.",
    },
    "arch.published.ok": {
        "en": "Same as published ({source}): {params} parameters, {macs} G multiply-adds at "
              "224×224.",
        "fr": f"Identique aux chiffres publiés ({{source}}){N}: {{params}} paramètres, {{macs}} G "
              f"multiplications-additions en 224×224.",
    },
    "arch.published.differs": {
        "en": "Published ({source}): {params} parameters, {macs} G multiply-adds at 224×224.",
        "fr": f"Chiffres publiés ({{source}}){N}: {{params}} paramètres, {{macs}} G "
              f"multiplications-additions en 224×224.",
    },
    "arch.published.other_size": {
        "en": "The published figures are for 224×224: parameters stay, multiply-adds follow the "
              "input's area.",
        "fr": f"Les chiffres publiés valent pour 224×224{N}: les paramètres restent, les "
              f"multiplications-additions suivent la surface de l’entrée.",
    },
    "arch.table.title": {"en": "Layer by layer", "fr": "Couche par couche"},
    "arch.col.layer": {"en": "Layer", "fr": "Couche"},
    "arch.col.kind": {"en": "Type", "fr": "Type"},
    "arch.col.out": {"en": "Output (C×H×W)", "fr": "Sortie (C×H×L)"},
    "arch.col.params": {"en": "Parameters", "fr": "Paramètres"},
    "arch.col.macs": {"en": "Multiply-adds", "fr": "Multiplications-additions"},
    "arch.col.rf": {"en": "Receptive field", "fr": "Champ récepteur"},
    "arch.col.open": {"en": "Lesson", "fr": "Leçon"},
    "arch.open": {"en": "open ↗", "fr": "ouvrir ↗"},
    "arch.open_help": {
        "en": "Opens the Convolution or Pooling lesson with this layer's kernel, stride, padding "
              "and dilation (when they fit the lesson's sliders).",
        "fr": "Ouvre la leçon Convolution ou Pooling avec le noyau, le pas, le remplissage et la "
              "dilatation de cette couche (s’ils tiennent dans les curseurs de la leçon).",
    },
    "arch.rf.all": {"en": "whole input", "fr": "toute l’entrée"},
    "arch.table.caption": {
        "en": "Receptive field: along the main path (Araujo et al., Distill 2019); — on a "
              "shortcut or after an up-convolution, where one size no longer describes it.",
        "fr": f"Champ récepteur{N}: le long du chemin principal (Araujo et al., Distill 2019){N}; "
              f"— sur un raccourci ou après une convolution transposée, où une seule taille ne "
              f"le décrit plus.",
    },
    "arch.flow.title": {"en": "How the shape flows", "fr": "Comment la forme circule"},
    "arch.flow.intro": {
        "en": "From the {first} input, one block per feature-map size: its height is the map's "
              "side (square root scale), its width grows with the number of channels; under it, "
              "the side in pixels (an arrow when unpadded convolutions shave it), then the "
              "channels. The maps shrink while the channels grow.",
        "fr": f"Depuis l’entrée {{first}}, un bloc par taille de carte{N}: sa hauteur est le "
              f"côté de la carte (échelle racine carrée), sa largeur croît avec le nombre de "
              f"canaux{N}; dessous, le côté en pixels (une flèche quand des convolutions sans "
              f"remplissage le rognent), puis les canaux. Les cartes rétrécissent pendant que "
              f"les canaux se multiplient.",
    },
    "arch.flow.count": {"en": "{n} layer(s)", "fr": "{n} couche(s)"},
    "arch.flow.channels": {"en": "{c} channels", "fr": "{c} canaux"},
    "arch.skip.title": {"en": "Skip connections (ResNet's bridges)",
                        "fr": "Connexions résiduelles (les «\u202fponts\u202f» de ResNet)"},
    "arch.skip.intro": {
        "en": "Each block adds its input to its output (x + F(x)), so gradients reach the first "
              "layers through the shortcut. The two must have the same shape: when a block "
              "halves the map or changes the channels, a 1×1 convolution with stride 2 "
              "reshapes the shortcut.",
        "fr": f"Chaque bloc ajoute son entrée à sa sortie (x + F(x)){N}: les gradients atteignent "
              f"les premières couches par le raccourci. Les deux doivent avoir la même forme{N}: "
              f"quand un bloc divise la carte par deux ou change les canaux, une convolution 1×1 "
              f"de pas 2 remet le raccourci à la bonne forme.",
    },
    "arch.skip.block": {"en": "Block", "fr": "Bloc"},
    "arch.skip.in": {"en": "Input", "fr": "Entrée"},
    "arch.skip.out": {"en": "Output", "fr": "Sortie"},
    "arch.skip.shortcut": {"en": "Shortcut", "fr": "Raccourci"},
    "arch.skip.identity": {"en": "identity (same shape)", "fr": "identité (même forme)"},
    "arch.skip.projection": {"en": "1×1 convolution {name}", "fr": "convolution 1×1 {name}"},
    "arch.crop.title": {"en": "U-Net's copy and crop", "fr": "La copie et le recadrage de U-Net"},
    "arch.crop.intro": {
        "en": "U-Net's 3×3 convolutions are unpadded: each takes a pixel off every side. So when "
              "the decoder comes back up, its map ({dec}) is smaller than the encoder map it "
              "joins ({enc}): the encoder map is copied and {m} pixels are cropped off each "
              "side before the two are concatenated.",
        "fr": f"Les convolutions 3×3 de U-Net sont sans remplissage{N}: chacune retire un pixel "
              f"de chaque côté. Quand le décodeur remonte, sa carte ({{dec}}) est donc plus "
              f"petite que la carte de l’encodeur qu’il rejoint ({{enc}}){N}: la carte de "
              f"l’encodeur est copiée et {{m}} pixels sont retirés de chaque côté avant de "
              f"concaténer les deux.",
    },
    "arch.crop.level": {"en": "Level", "fr": "Niveau"},
    "arch.crop.encoder": {"en": "Encoder map (copied)", "fr": "Carte de l’encodeur (copiée)"},
    "arch.crop.decoder": {"en": "After cropping = decoder map",
                          "fr": "Après recadrage = carte du décodeur"},
    "arch.crop.margin": {"en": "Pixels cropped per side", "fr": "Pixels retirés par côté"},
    "arch.sep.title": {"en": "MobileNet's separable blocks", "fr": "Les blocs séparables de MobileNet"},
    "arch.sep.intro": {
        "en": "{n} depthwise 3×3 + pointwise 1×1 pairs cost {macs} G multiply-adds here; "
              "standard 3×3 convolutions doing the same job would cost {standard} G, ×{ratio} more.",
        "fr": f"{{n}} paires convolution en profondeur 3×3 + point par point 1×1 coûtent ici "
              f"{{macs}} G multiplications-additions{N}; des convolutions 3×3 standard faisant le "
              f"même travail coûteraient {{standard}} G, ×{{ratio}} de plus.",
    },
    "arch.sep.link": {"en": "How a separable convolution works: the Separable lesson",
                      "fr": f"Comment marche une convolution séparable{N}: la leçon Séparable"},
    "arch.sep.block": {"en": "Block", "fr": "Bloc"},
    "arch.sep.params": {"en": "Parameters (separable)", "fr": "Paramètres (séparable)"},
    "arch.sep.std_params": {"en": "Parameters (standard 3×3)", "fr": "Paramètres (3×3 standard)"},
    "arch.sep.macs": {"en": "Multiply-adds (separable)",
                      "fr": "Multiplications-additions (séparable)"},
    "arch.sep.std_macs": {"en": "Multiply-adds (standard 3×3)",
                          "fr": "Multiplications-additions (3×3 standard)"},
    "arch.stack.caption": {
        "en": "The stack chosen in the Receptive field lesson, on a colour image, with {filters} "
              "filters per convolution:",
        "fr": f"La pile choisie dans la leçon Champ récepteur, sur une image en couleur, avec "
              f"{{filters}} filtres par convolution{N}:",
    },
    "arch.stack.link": {"en": "Change the stack in the Receptive field lesson",
                        "fr": "Changer la pile dans la leçon Champ récepteur"},
    "arch.fix": {"en": "Try a larger input (this network is published for {default}×{default}).",
                 "fr": "Essayez une entrée plus grande (ce réseau est publié pour "
                       "{default}×{default})."},
    "arch.err.vanish": {
        "en": "Impossible input size: the feature map has vanished. Layer {layer} receives a "
              "{shape} map, too small for its window (\"or else BOOM\").",
        "fr": f"Taille d’entrée impossible{N}: la carte de caractéristiques a disparu. La couche "
              f"{{layer}} reçoit une carte de {{shape}}, trop petite pour sa fenêtre («{N}sinon "
              f"BOUM{N}»).",
    },
    "arch.err.mismatch": {
        "en": "Impossible input size: layer {layer} is a dense layer built for {expected} "
              "numbers, and this input gives it {got}. Only the published input size fits.",
        "fr": f"Taille d’entrée impossible{N}: la couche {{layer}} est une couche dense construite "
              f"pour {{expected}} nombres, et cette entrée lui en donne {{got}}. Seule la taille "
              f"publiée convient.",
    },
}
