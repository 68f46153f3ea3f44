"""Someone in danger, said in words no list foresaw: the emergency numbers by meaning.

The guard's word list (rag/guard.py) knows the usual ways of saying it and only them.
Measured on two batteries of visitors' sentences a helper wrote blind, 60 emergencies and
90 ordinary questions each (many with alarming words: a death to declare, the firemen's
ball, a lost wallet), `rag/emergency/set_a.yaml` to tune on and `set_b.yaml` held out:
the list caught 17 of set_b's 60 emergencies; extended on set_a's misses (29 -> 56 of
60 there), 23 of set_b's. Words do not carry to sentences nobody wrote yet.

Meaning does. A question's e5 vector is compared with two small sets of general French
situations below, people in danger now and ordinary requests that sound alarming; the
margin between the closest of each says which it is like. A question the documents do
not answer (the calibrated decline, rag/answerable.py) and standing closer to danger by
more than `MARGIN` gets the emergency numbers instead of « je n'ai pas trouvé »: held
to the declined ones, the ordinary questions a town documents are never at stake. With
the list, on set_b: 49 and 52 of 60 emergencies (the two tuning communes' documents),
4 and 5 of 90 ordinary questions sent to the numbers, against 2 for the list alone.

Written questions only (the kiosk's keyboard, the HTTP API). Heard, Whisper base on a
synthetic voice half-hears ordinary questions into words that stand near danger (« Ma
femme vient d'accoucher à Saint-Eloir une accomplie de jour pour déclarrer le bébé »,
« Je peux vous emmener mon ciel. Quand je vais sur la tombe de Mont-Marie »): on the two
tuning communes' spoken runs the sense sent 6 ordinary questions to the numbers and
caught no emergency the list had missed, even held to transcripts the recogniser was
sure of (p(misheard) < 0.25); on the held-out commune's, fully right went 40.7 -> 39.8 %
with 4 false alarms. A recogniser trained on real French speech (the `fr` profile) may
change that; measure before letting transcripts through.
"""

from __future__ import annotations

import threading

import numpy as np

from rag.embeddings import Embedder

# People in danger now, in general French (no town's wording), one situation each.
EMERGENCIES = (
    "quelqu'un a fait un malaise et est tombé par terre",
    "une personne est inconsciente et ne répond plus",
    "il ne respire plus",
    "elle a du mal à respirer, elle étouffe",
    "il a une douleur dans la poitrine, c'est peut-être une crise cardiaque",
    "il saigne beaucoup, le sang ne s'arrête pas",
    "il s'est gravement blessé, il hurle de douleur",
    "il y a eu un accident, il y a des blessés",
    "une voiture a renversé un piéton",
    "il y a le feu, ça brûle",
    "il y a de la fumée qui sort du bâtiment",
    "ça sent le gaz",
    "quelqu'un est tombé à l'eau, il se noie",
    "il s'étouffe, il a avalé de travers",
    "il fait une crise d'épilepsie, il convulse",
    "il a avalé des médicaments ou un produit toxique",
    "elle a été piquée et son visage gonfle, elle fait une réaction allergique",
    "un homme menace les gens avec un couteau ou une arme",
    "des gens se battent, quelqu'un est frappé",
    "mon mari me frappe, j'ai peur qu'il me tue",
    "un enfant a perdu ses parents, il est tout seul",
    "j'ai perdu mon enfant, il a disparu",
    "une personne âgée a disparu, on ne la retrouve pas",
    "il veut se suicider, il veut mettre fin à ses jours",
    "ma femme est en train d'accoucher, le bébé arrive",
    "il s'est électrocuté",
    "elle s'est brûlée gravement",
    "il est tombé et ne peut plus se relever",
    "il a fait un AVC, il ne parle plus normalement",
    "quelqu'un est coincé sous des décombres, un mur s'est effondré",
    "l'eau monte, des gens sont coincés par l'inondation",
    "appelez vite une ambulance, un médecin",
    "au secours, à l'aide, venez vite",
)
# What visitors ask a town hall when nothing is at stake, the alarming-sounding kinds
# above all (a death to declare, lost papers, the pharmacy on duty), and small talk.
ORDINARY = (
    "quels sont les horaires d'ouverture de la mairie",
    "combien ça coûte",
    "et pour un enfant",
    "et le samedi",
    "comment faire pour refaire ma carte d'identité",
    "j'ai perdu mes papiers, comment les refaire",
    "on m'a volé mon portefeuille, je fais comment pour les papiers",
    "comment déclarer un décès",
    "comment déclarer une naissance",
    "je voudrais un passeport rapidement",
    "le bal des pompiers c'est quand",
    "le feu d'artifice du 14 juillet",
    "est-ce qu'on peut brûler les déchets verts dans le jardin",
    "j'ai une fuite d'eau, qui contacter pour le compteur",
    "un arbre est tombé sur le chemin, à qui le signaler",
    "la pharmacie de garde le dimanche",
    "le médecin de garde le week-end",
    "où se trouve le défibrillateur",
    "une formation aux premiers secours",
    "j'ai perdu mon chien",
    "mon voisin fait du bruit la nuit",
    "il y a un trou dans la route, c'est dangereux",
    "inscrire mon enfant à la cantine",
    "louer une salle pour une fête",
    "les jours de ramassage des poubelles",
    "s'inscrire sur les listes électorales",
    "j'ai eu un accident de voiture la semaine dernière, pour les papiers",
    "où faire une prise de sang",
    "mon enfant est allergique, peut-il manger à la cantine",
    "raconte-moi une blague",
    "un hébergement d'urgence pour les sans-abri",
    "où sont les urgences de l'hôpital",
    "une aide pour une personne âgée qui ne peut plus vivre seule",
    "un soutien psychologique, je traverse une période difficile",
    "quel temps va-t-il faire demain",
    "comment ça va, tu t'ennuies pas",
    "t'es un robot idiot",
)
# e5's cosines crowd into 0.8-0.95: margins are small. With the list, on set_a and the
# tuning communes' questions the documents do not answer: 0.01 caught 58 of 60 and sent
# no ordinary first question to the numbers; 0.0 caught 59 and sent three.
MARGIN = 0.01


class DangerSense:
    """Whether a question is closer to someone in danger than to an ordinary request."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: tuple[np.ndarray, np.ndarray] | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Embed the situations once (~1.5 s on 2 cores), at the first question weighed:
        spoken questions never are, so a voice robot's start-up does not pay for it."""
        with self._lock:
            if self._vectors is None:
                self._vectors = (np.stack([self.embedder.query(t) for t in EMERGENCIES]),
                                 np.stack([self.embedder.query(t) for t in ORDINARY]))

    def margin(self, question: str) -> float:
        """Closest danger minus closest ordinary request (e5 cosines of unit vectors)."""
        self.warm()
        assert self._vectors is not None
        danger, ordinary = self._vectors
        v = self.embedder.query(question)
        return float((danger @ v).max() - (ordinary @ v).max())

    def __call__(self, question: str) -> bool:
        return self.margin(question) > MARGIN
