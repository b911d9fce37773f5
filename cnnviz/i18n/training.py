"""Sentences of the Training lesson (keys start with ``training.``)."""

TEXT: dict[str, dict[str, str]] = {
    "training.title": {"en": "Train the shapes CNN live", "fr": "Entraîner le CNN des formes en direct"},
    "training.intro": {
        "en": "Train the course's small CNN on drawings of circles, squares and triangles, here "
              "and now. After each epoch (one pass over the training drawings) it is measured on "
              "{val} drawings it never trains on (validation); the epoch with the best "
              "validation accuracy is kept, like Keras' ModelCheckpoint.",
        "fr": "Entraînez ici et maintenant le petit CNN du cours sur des dessins de cercles, de "
              "carrés et de triangles. Après chaque époque (un passage sur les dessins "
              "d’entraînement), il est mesuré sur {val} dessins qu’il ne voit jamais à "
              "l’entraînement (validation)\u202f; l’époque de meilleure exactitude de validation "
              "est gardée, comme avec le ModelCheckpoint de Keras.",
    },
    "training.settings": {"en": "Settings", "fr": "Réglages"},
    "training.arch": {"en": "Network", "fr": "Réseau"},
    "training.arch.shapes": {"en": "Shapes CNN ({n} parameters)", "fr": "CNN des formes ({n} paramètres)"},
    "training.arch.shapes_separable": {
        "en": "Separable twin ({n} parameters)", "fr": "Jumeau séparable ({n} paramètres)"},
    "training.epochs": {"en": "Epochs", "fr": "Époques"},
    "training.epochs_help": {
        "en": "Passes over the training drawings (at most {max}).",
        "fr": "Passages sur les dessins d’entraînement ({max} au plus).",
    },
    "training.lr": {"en": "Learning rate", "fr": "Taux d’apprentissage"},
    "training.optimizer": {"en": "Optimizer", "fr": "Optimiseur"},
    "training.optimizer.rmsprop": {"en": "RMSprop (as in the course)", "fr": "RMSprop (comme dans le cours)"},
    "training.optimizer.adam": {"en": "Adam", "fr": "Adam (estimation adaptative)"},
    "training.dropout": {"en": "Dropout", "fr": "Dropout (abandon aléatoire)"},
    "training.dropout_help": {
        "en": "During training, randomly silence 25 % of the convolution outputs and 50 % of "
              "the dense layer's, so the network cannot rely on a few of them.",
        "fr": "Pendant l’entraînement, éteindre au hasard 25\u202f% des sorties des convolutions "
              "et 50\u202f% de celles de la couche dense, pour que le réseau ne puisse pas compter "
              "sur quelques-unes seulement.",
    },
    "training.train_size": {"en": "Training drawings", "fr": "Dessins d’entraînement"},
    "training.seed": {"en": "Seed", "fr": "Graine"},
    "training.seed_help": {
        "en": "Fixes the drawings, the starting weights, the batch order and the dropout masks: "
              "the same seed and settings give the same curves on the same machine.",
        "fr": "Fixe les dessins, les poids de départ, l’ordre des lots et les masques de "
              "dropout\u202f: la même graine et les mêmes réglages donnent les mêmes courbes sur la "
              "même machine.",
    },
    "training.presets": {"en": "Presets", "fr": "Préréglages"},
    "training.preset.default": {"en": "Defaults (about 30 s)", "fr": "Par défaut (environ 30\u202fs)"},
    "training.preset.overfit": {
        "en": "Over-fitting: 200 drawings, no dropout, 24 epochs",
        "fr": "Surapprentissage\u202f: 200 dessins, sans dropout, 24 époques",
    },
    "training.train": {"en": "Train", "fr": "Entraîner"},
    "training.stop": {"en": "Stop", "fr": "Arrêter"},
    "training.queued": {
        "en": "All {cores} training places are taken: you are number {pos} in the line. "
              "Your run starts by itself; keep this page open.",
        "fr": "Les {cores} places d’entraînement sont prises\u202f: vous êtes numéro {pos} dans la "
              "file. Votre entraînement démarrera tout seul\u202f; gardez cette page ouverte.",
    },
    "training.queue_full": {
        "en": "Too many trainings are waiting already; try again in a minute.",
        "fr": "Trop d’entraînements attendent déjà\u202f; réessayez dans une minute.",
    },
    "training.progress": {
        "en": "Epoch {epoch}/{epochs} · batch {batch}/{batches} · {elapsed} s elapsed",
        "fr": "Époque {epoch}/{epochs} · lot {batch}/{batches} · {elapsed}\u202fs écoulées",
    },
    "training.eta": {"en": " · about {eta} s left", "fr": " · encore environ {eta}\u202fs"},
    "training.starting": {"en": "Preparing the drawings…", "fr": "Préparation des dessins…"},
    "training.keep_open": {
        "en": "Keep this page open while it trains: a run whose page is closed stops after "
              "{seconds} s.",
        "fr": "Gardez cette page ouverte pendant l’entraînement\u202f: un entraînement dont la "
              "page est fermée s’arrête après {seconds}\u202fs.",
    },
    "training.val_acc": {"en": "Validation accuracy", "fr": "Exactitude de validation"},
    "training.val_acc_help": {
        "en": "Share of the validation drawings named correctly at the best epoch.",
        "fr": "Part des dessins de validation bien nommés à la meilleure époque.",
    },
    "training.best_epoch": {"en": "Best epoch (kept)", "fr": "Meilleure époque (gardée)"},
    "training.run_time": {"en": "Training time", "fr": "Durée de l’entraînement"},
    "training.seconds": {"en": "{s} s", "fr": "{s}\u202fs"},
    "training.percent": {"en": "{p}%", "fr": "{p}\u202f%"},
    "training.status.done": {
        "en": "Training finished. The weights of epoch {best} are kept.",
        "fr": "Entraînement terminé. Les poids de l’époque {best} sont gardés.",
    },
    "training.status.stopped": {
        "en": "Training stopped. The weights of epoch {best} are kept.",
        "fr": "Entraînement arrêté. Les poids de l’époque {best} sont gardés.",
    },
    "training.status.time_cap": {
        "en": "Training reached the time limit of {seconds} s and stopped. The weights of epoch "
              "{best} are kept.",
        "fr": "L’entraînement a atteint la limite de {seconds}\u202fs et s’est arrêté. Les poids de "
              "l’époque {best} sont gardés.",
    },
    "training.status.abandoned": {
        "en": "This run was cancelled because its page stopped asking for news (closed or left).",
        "fr": "Cet entraînement a été annulé car sa page ne donnait plus de nouvelles (fermée ou "
              "quittée).",
    },
    "training.status.failed": {
        "en": "The training failed unexpectedly; please try again.",
        "fr": "L’entraînement a échoué de façon inattendue\u202f; veuillez réessayer.",
    },
    "training.no_epoch": {
        "en": "It stopped before the end of the first epoch, so there is no model to keep.",
        "fr": "Il s’est arrêté avant la fin de la première époque\u202f: aucun modèle à garder.",
    },
    "training.curves": {"en": "Learning curves", "fr": "Courbes d’apprentissage"},
    "training.loss": {"en": "Loss (cross-entropy)", "fr": "Perte (entropie croisée)"},
    "training.accuracy": {"en": "Accuracy", "fr": "Exactitude"},
    "training.epoch": {"en": "epoch", "fr": "époque"},
    "training.train_curve": {"en": "training", "fr": "entraînement"},
    "training.val_curve": {"en": "validation", "fr": "validation"},
    "training.best": {"en": "best epoch (kept)", "fr": "meilleure époque (gardée)"},
    "training.overfit_mark": {"en": " over-fitting →", "fr": " surapprentissage →"},
    "training.overfit": {
        "en": "Over-fitting: the validation loss was lowest at epoch {turn} ({best}) and has "
              "risen to {last} since, while the training loss kept falling ({train_turn} → "
              "{train_last}). The network is learning its {n} training drawings by heart "
              "rather than what makes a shape a shape.",
        "fr": "Surapprentissage\u202f: la perte de validation était la plus basse à l’époque {turn} "
              "({best}) et remonte depuis jusqu’à {last}, alors que la perte d’entraînement "
              "continue de baisser ({train_turn} → {train_last}). Le réseau apprend par cœur ses "
              "{n} dessins d’entraînement plutôt que ce qui fait une forme.",
    },
    "training.no_overfit": {
        "en": "No over-fitting detected: the validation loss has not turned away from the "
              "training loss.",
        "fr": "Pas de surapprentissage détecté\u202f: la perte de validation ne s’est pas écartée "
              "de la perte d’entraînement.",
    },
    "training.filters": {"en": "First-layer filters, epoch by epoch",
                         "fr": "Filtres de la première couche, époque par époque"},
    "training.filters_caption": {
        "en": "Each square is one 3×3 kernel of the first convolution, its three colour "
              "channels as red, green and blue (stretched to its own range). Row 0 is the random "
              "start; watch noise turn into edge and colour detectors.",
        "fr": "Chaque carré est un noyau 3×3 de la première convolution, ses trois canaux en "
              "rouge, vert et bleu (étirés sur leur propre plage). La ligne 0 est le départ "
              "aléatoire\u202f: le bruit devient détecteur de bords et de couleurs.",
    },
    "training.filters_separable": {
        "en": "For the separable twin: each pointwise weight times its depthwise kernel, the "
              "full 3×3 kernel the two stages amount to.",
        "fr": "Pour le jumeau séparable\u202f: chaque poids ponctuel multiplié par son noyau en "
              "profondeur, le noyau 3×3 complet auquel reviennent les deux étapes.",
    },
    "training.row": {"en": "epoch {n}", "fr": "époque {n}"},
    "training.use": {
        "en": "This model is now used on the Activations page for the rest of your session.",
        "fr": "Ce modèle est maintenant utilisé sur la page Activations jusqu’à la fin de votre "
              "session.",
    },
    "training.repro_title": {"en": "Same seed, same curves?", "fr": "Même graine, mêmes courbes\u202f?"},
    "training.repro": {
        "en": "On this server, the same seed and settings give exactly the same curves: the "
              "drawings, the starting weights, the batch order and the dropout masks all come "
              "from the seed, and each run uses one processor thread. Another machine can give "
              "slightly different curves: its processor may use other vector instructions "
              "(here: {capability}), another version of PyTorch ({torch} here) or another "
              "number of threads adds the same numbers in another order, and these last-digit "
              "differences grow over the epochs. The final accuracy stays close.",
        "fr": "Sur ce serveur, la même graine et les mêmes réglages donnent exactement les mêmes "
              "courbes\u202f: les dessins, les poids de départ, l’ordre des lots et les masques de "
              "dropout viennent tous de la graine, et chaque entraînement utilise un seul fil "
              "d’exécution. Une autre machine peut donner des courbes un peu différentes\u202f: son "
              "processeur peut utiliser d’autres instructions vectorielles (ici\u202f: {capability}), "
              "une autre version de PyTorch ({torch} ici) ou un autre nombre de fils additionne "
              "les mêmes nombres dans un autre ordre, et ces écarts sur les dernières décimales "
              "grandissent au fil des époques. L’exactitude finale reste proche.",
    },
    "training.card": {"en": "Model card", "fr": "Fiche du modèle"},
    "training.busy": {
        "en": "Training now: {running} of {cores} places taken, {waiting} waiting.",
        "fr": "En ce moment\u202f: {running} place(s) sur {cores} prise(s), {waiting} en attente.",
    },
    "training.session_summary": {
        "en": "Trained on the Training page in this session: {acc} % of {n} validation drawings "
              "named correctly at its best epoch ({best} of {epochs}; {train} training drawings).",
        "fr": "Entraîné sur la page Entraînement pendant cette session\u202f: {acc}\u202f% des {n} "
              "dessins de validation bien nommés à sa meilleure époque ({best} sur {epochs}\u202f; "
              "{train} dessins d’entraînement).",
    },
    "training.session_unmeasured": {
        "en": "Trained on the Training page in this session (stopped before its first epoch "
              "ended: not measured).",
        "fr": "Entraîné sur la page Entraînement pendant cette session (arrêté avant la fin de sa "
              "première époque\u202f: non mesuré).",
    },
    "training.diff.caption": {
        "en": "Trained − untrained, weight by weight, on one shared scale: blue = the weight "
              "went down, white = unchanged, orange = it went up (±{peak} at the ends). {blocks} "
              "Training moved this layer's weights by {first} % of their size (‖W − W₀‖ / ‖W₀‖); "
              "filter {most} moved most ({most_pct} %), filter {least} least ({least_pct} %).",
        "fr": "Entraîné − non entraîné, poids par poids, sur une même échelle\u202f: bleu = le "
              "poids a baissé, blanc = inchangé, orange = il a augmenté (±{peak} aux extrémités). "
              "{blocks} L’entraînement a déplacé les poids de cette couche de {first}\u202f% de leur "
              "taille (‖W − W₀‖ / ‖W₀‖)\u202f; le filtre {most} a le plus bougé ({most_pct}\u202f%), "
              "le filtre {least} le moins ({least_pct}\u202f%).",
    },
    "training.diff.blocks": {
        "en": "Each block is one of the {count} filters: its red, green and blue kernels side "
              "by side.",
        "fr": "Chaque bloc est l’un des {count} filtres\u202f: ses noyaux rouge, vert et bleu côte "
              "à côte.",
    },
    "training.diff.blocks_depthwise": {
        "en": "Each block is one of the {count} depthwise kernels (one per input channel: red, "
              "green, blue).",
        "fr": "Chaque bloc est l’un des {count} noyaux en profondeur (un par canal d’entrée\u202f: "
              "rouge, vert, bleu).",
    },
}
