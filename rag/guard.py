"""Questions the robot must not answer, and document lines it must not obey (pure).

Patterns, not a model: they are cheap, predictable and easy for staff to extend. A
refusal is always kind and never repeats the visitor's words back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from rag.grounding import fold
from rag.places import ELSEWHERE, Named
from rag.types import Passage


class Refusal(Enum):
    INJECTION = "injection"
    ABUSE = "abuse"
    PERSONAL = "personal_data"
    EMERGENCY = "emergency"  # not a refusal of help: the documents are not the help needed


# Matched on folded text (lowercase, no accents, ’ -> ').
_INJECTION = re.compile(
    r"(?<!j')(?<!ai )\b(ignore\w*|oublie\w*|contourne\w*|desactive\w*|outrepasse\w*)\b.{0,40}"
    r"\b(consignes?|instructions?|regles?|directives?|ordres?|restrictions?|programmation)\b"
    r"|\b(ton|votre|tes|vos|le|du) (prompt|message|texte|instructions?|consignes?)"
    r" (systeme|system|initia\w*|cache\w*)"
    r"|\bprompt\b|\bsystem prompt\b|\bjailbreak\b|\bmode (developpeur|debug|admin\w*|dieu)\b"
    r"|\b(donne|montre|affiche|revele|repete|recite|lis|ecris|dis)[\w-]*\b.{0,30}"
    r"\b(tes|vos|ton|votre) (consignes|instructions|regles|configuration|parametres|prompt"
    r"|directives)\b|(?<!j')(?<!ai )\boublie\w* (tout|ce qu)"
    r"|(?<!j')(?<!ai )\boublie\w* (que|qui) (tu es|t'es|vous etes)\b"
    r"|\b(mot de passe|cle api|api key|fichier de config\w*|config\.yaml)\b"
    r"|\bconfiguration (du|de ton|de votre) (systeme|robot|programme|modele)\b"
    r"|\b(quel|le|ton|votre) modele (d'ia |de langage )?(que tu utilises|tu utilises|utilise)"
    # Role play (« on fait un jeu », « fais comme si »): the opening that asks the robot to
    # speak as someone else, whoever is named after it.
    r"|\bon (fait|joue a) un (petit )?jeu\s*([,:;.!]|et\b|$)"
    r"|(?<!je )\b(fais|faisons|faites) comme si\b|\bon fait comme si\b"
    r"|\bimaginons que (tu|vous)\b"
    r"|\b(tu es|t'es|vous etes|tu seras|agis|fais semblant|joue le role|imagine que tu es)\b.{0,30}"
    r"\b(maintenant|desormais|a partir de maintenant|un autre|une autre|pirate"
    r"|sans (limite|filtre|regle))"
    r"|\bignore (all|previous|the above)\b|\bdisregard\b|\byour (instructions|prompt|rules)\b"
    r"|\btexte (ci-dessus|precedent)\b|\bce qui (precede|est au-dessus)\b"
)
_ABUSE = re.compile(
    r"\b(con(ne)?|connard\w*|connasse|debile|idiot\w*|imbecile|abruti\w*|cretin\w*|stupide"
    r"|(t'es|tu es|vous etes|t'est) (nul|nulle|naze)|merde\w*|putain|pute|salop\w*"
    r"|encul\w*|batard|ta gueule|ferme[- ]la"
    r"|tg|fdp|bouffon|boulet|tocard)\b"
)
_TITLE = r"(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle)\s+[a-z]"
# Asking where or how a resident lives; a visitor saying where they themselves live
# ("j'habite rue des Lilas, quel jour passe la collecte ?") is asking for a service.
_PERSONAL = re.compile(
    r"\bou (est-ce qu'|est-ce que )?(il |elle )?habite\b|^\s*qui habite\b"
    r"|\b(sai[st]|savez|dire|dites)\w*(-moi|-nous)? qui habite\b"
    r"|\b(il|elle) habite (ou|a quelle adresse)\b"
    r"|\b(adresse|telephone|portable|numero|mail|courriel|date de naissance|age|salaire"
    r"|revenus?|casier|dossier|situation|etat civil)\b.{0,25}\b(de|du|d') ?"
    r"(" + _TITLE + r"|mon voisin|ma voisine|l'habitant|la famille [a-z])"
    r"|\b(adresse|telephone|portable|numero|mail|courriel)s? (personnel\w*|privee?s?|perso)\b"
    r"|est-(il|elle) (marie|divorce|malade|au chomage|endette)"
    r"|(liste|noms?) des (habitants|electeurs|administres|allocataires)"
    r"|qui (a|ont) (demande|depose) (un|une|le|la) "
)


# Someone's life or safety at stake, in general French (no town's wording): the answer
# is the emergency numbers at once, whatever the documents say.
_EMERGENCY = re.compile(
    r"\b(urgence|au secours|a l'aide|malaise|evanou\w*|inconscient\w*"
    r"|(ne )?respire (plus|pas|mal)|crise cardiaque|arret cardiaque|avc|attaque cardiaque"
    r"|saign\w*|hemorragie|gravement blesse\w*|blesse\w* grave\w*|feu|incendie|brule\w*"
    r"|fumee|explosion|fuite de gaz|sent le gaz|se noie|noyade|s'etouffe|etouffe\w*"
    r"|overdose|intoxi\w*|empoisonn\w*|suicid\w*|me tuer|se tuer|agress\w*"
    r"|(il|elle|on) (me|nous|le|la) (frappe|menace)\w*|convulsion\w*|crise d'epilepsie"
    r"|\bmenace\w* (les gens|des gens|tout le monde|quelqu'un)"
    r"|\b(couteau|arme|pistolet|fusil|revolver)\b.{0,40}\b(menace|frappe|tire|blesse)\w*"
    r"|(mal|douleur\w*) (a|dans) la poitrine|(mal|douleur\w*) au coeur"
    r"|(me|se|te) sen\w* (pas bien|mal|partir)"
    r"|\b(il|elle) (ne |n')?(bouge|repond|reagit|respire) plus"
    r"|avale\w* (des|un|une|du|de la|ses|les) (cachets?|medicaments?|comprimes?|produit|pile"
    r"|javel|poison)"
    r"|(enfant|gamin|petit|petite|fils|fille|bebe)\b.{0,30}\b(perdu|disparu)\w*"
    r"|(perdu|disparu)\w* (mon|ma|notre|un|une) (enfant|fils|fille|bebe|petit|petite)"
    r"|(est|suis|es|sont) tombee?s?\b.{0,40}\b(relever|releve|bouge|saigne|respire|repond)\w*"
    r"|fait une chute|(perdu|perd|a perdu) connaissance|(ne )?se reveille (pas|plus)"
    r"|il y a (un|une|des) blesse|crise d'asthme|(choc|reaction) anaphylactique"
    r"|(gorge|visage|langue|levres?) (qui )?gonfle"
    r"|renverse\w* par (une|un) (voiture|camion|moto|scooter)"
    r"|(appele[rz]?|appelle[rz]?|appelez) (vite )?(le samu|une ambulance|le 15|le 112)"
    r"|(vite|au secours)\b.{0,20}\b(medecin|docteur|ambulance)"
    # Added on the misses of a tuning battery (rag/danger.py says what they were worth
    # on the held-out one: little), each in general French forms: gas smelt, scalds,
    # blood, fainting, breathing, swelling, a birth under way, a child or a parent lost,
    # beatings and shots, the injured, falls from a height, a poison drunk, fights,
    # someone on the ground who does not move, a person run over, someone in the water
    # or trapped, a suicide.
    r"|(odeur|sent|sens|pue|empeste)\w* (de |du |le )?gaz|ebouillant\w*|(eau|huile) bouillante"
    r"|(pisse|gicle|perd\w*|pleine? de|couverte? de) (le |du |beaucoup de )?sang|sang (gicle|coule"
    r"|partout)|tourne de l'(oe|œ)il|tombee? dans les pommes|(mal|peine) a respirer"
    r"|arrive (plus|pas) a respirer|(gorge|figure|visage) (qui )?se ferme|figure (qui )?gonfle"
    r"|poche des eaux|perdu les eaux|le bebe arrive|en train d'accoucher"
    r"|(trouve|retrouve) (plus|pas) (mon|ma|notre|son|sa) (petit|petite|fils|fille|enfant|gamin"
    r"|bebe)|on (le|la) retrouve (pas|plus)|perdu (sa|son) (maman|papa|mere|pere|parents)"
    r"|\bme (frappe|bat|tape)\b|peur qu'(il|elle|ils|on) me (tue|frappe)"
    r"|(tirer|tire|tuer) sur (le|les|quelqu'un|tout le monde|des gens)"
    r"|(y a|il y a|fait|plusieurs) (des|un|une|plusieurs) blesse\w*|tombee? d(e l'|u |e la )"
    r"(echafaudage|toit|echelle|fenetre|balcon)"
    r"|(a|ont) (bu|avale|mange|ingere)\w* (du|de la|des|un|une|toute une boite de)"
    r" (produit|javel|detergent|poison|medicaments?|cachets?|comprimes?|champignons)"
    r"|se (battent|bagarrent|tapent dessus)|bagarre|tabass\w*|roue\w* de coups"
    r"|(par terre|allonge\w*|au sol|effondre\w*|ecroule\w*)\b.{0,60}\b(bouge|repond|reagit"
    r"|respire) (pas|plus)"
    r"|(renverse\w*|percute\w*|fauche\w*) (un|une|le|la|des) (pieton|enfant|gamin|cycliste"
    r"|velo|scooter|moto|passant|personne|dame|monsieur|vieille?)"
    # The same accidents said with « se faire » (« il s'est fait renverser »): past, so
    # not « il va se faire renverser », a crossing's danger told to the town.
    r"|\bfaite?s? (renverser|percuter|faucher)"
    r"|(tombe\w*|coince\w*) (a|dans|sous) (l'eau|la riviere|le canal|le lac|l'etang|la piscine"
    r"|le bassin|la mer)|sous l'eau|coince\w* (sous|dessous)"
    r"|(se jeter|sauter) (dans le vide|du pont|par la fenetre|du toit)"
    r"|(de quoi|veux|veut|vais|va) en finir|(veu[tx]|vais) (plus vivre|mourir)"
    r"|mettre fin a (ses|mes|tes) jours)\b")
# The words of someone in danger, as written (general French, the ones the pattern above
# reads): the recogniser's repair knows them besides the documents' own (rag/repair.py),
# so that a word Whisper half-heard (« amalèze ») still reaches the pattern.
EMERGENCY_WORDS = (
    "urgence secours malaise évanoui évanouie inconscient inconsciente respire respirer "
    "saigne saignement hémorragie blessé blessée blessure incendie fumée explosion noyade "
    "étouffe étouffer overdose intoxiqué intoxication empoisonné poison suicide agressé "
    "agression convulsions poitrine médicaments cachets comprimés avalé chute tombé tombée "
    "connaissance asthme ambulance pompiers brûlé brûlure accoucher couteau renversé gonfle "
    "bouge répond réagit")
# Words that make "feu", "brûlé" or "urgence" ordinary: a bonfire rule, an urgent procedure,
# a time past.
_NOT_EMERGENCY = re.compile(
    r"\b(feux? d'artifice|feu de (camp|jardin|vegetaux|dechets)|feux? (rouges?|tricolores?)"
    r"|bruler (des|les|mes|ses|nos) (dechets|vegetaux|feuilles)|passeport (en )?urgence"
    r"|(feuilles|vegetaux|dechets|herbes?|branches)\b.{0,40}\bbrul"
    r"|(carte|titre|demande|rendez-vous|procedure)\w* (en |d')?urgence"
    r"|urgence (administrative|pour (un|une|mon|ma) (passeport|carte|rendez-vous)))"
    # A time past (« l'an dernier », « il y a trois mois »): whatever happened is not now.
    r"|\b(l'an|l'annee|le mois|la semaine|l'hiver|l'ete) (dernier|derniere|passee?)\b"
    r"|\bil y a (\d+|deux|trois|quatre|cinq|six|quelques|plusieurs) (ans|mois|semaines"
    r"|annees)\b")


# Phrases whose alarming word names no danger now, in general French, read as nothing
# before the signs above are looked for (the rest of the question still counts): « en
# urgence » says how fast (« et en urgence c'est plus rapide ? »), the noun what happens
# (« c'est une urgence »); a service « d'urgence », a fire drill, a Saint-Jean bonfire,
# a burnt-out wreck, burning asked leave for, and a child who lost a thing (not their parent).
_ORDINARY = re.compile(
    r"\ben urgence\b|\b(hebergement|numeros?|services?|plan|cellule|exercices?|kit|trousse"
    r"|aide|fonds|logement) d'urgence\b|\b(alerte|exercices?|alarme|consignes?|prevention"
    r"|risques?) (d'|de l'|d'un )?incendie\b|\bfeux? de (la )?saint-jean\b|\bfeux? de joie\b"
    r"|\b(voiture|epave|vehicule|poubelle|conteneur)s? brulee?s?\b"
    # Burning as something one does or asks leave to do (« j'ai le droit de les faire
    # brûler ? », « on peut brûler ? »): a rule asked, no fire now.
    r"|\b(faire|fais|fait|font) brul\w*|\b(droit|permis|autorise\w*|interdit\w*|peut|peux"
    r"|pouvez|peut-on) (de |d')?(les |la |le |l'|des |du |en )?(faire )?brul\w*"
    r"|\bperdu (son|sa|ses|leur) (?!maman|papa|mere|pere|parents|famille)\w+")


def classify(question: str) -> Refusal | None:
    """Why this question is not answered from the documents, or None when it may be."""
    q = fold(question)
    if _EMERGENCY.search(_ORDINARY.sub(" ", q)) and not _NOT_EMERGENCY.search(q):
        return Refusal.EMERGENCY
    if _INJECTION.search(q):
        return Refusal.INJECTION
    if _PERSONAL.search(q):
        return Refusal.PERSONAL
    if _ABUSE.search(q):
        return Refusal.ABUSE
    return None


# A question asked after a manipulation (« oublie tes consignes …, et sinon vous gardez
# les objets trouvés combien de temps ? »): interrogative words of general French, and
# where the question's clause starts.
_ASKING = re.compile(r"\b(?:combien|quand|comment|pourquoi|quel(?:le)?s?|est-ce qu)\b|\?")
_CLAUSE_START = re.compile(r"[,;.:!]\s*|\s(?:et\s+)?(?:et|mais|sinon|alors|bon)\s")


def asked_after_injection(question: str) -> str:
    """The visitor's own question after a manipulation the guard refuses, or "": the
    manipulation is not obeyed, the question still deserves its answer from the
    documents. The text after the last manipulation's words, from the clause holding
    its first interrogative word, if that text is itself no manipulation."""
    q = fold(question)
    if len(q) != len(question):
        return ""
    end = max((m.end() for m in _INJECTION.finditer(q)), default=0)
    asking = _ASKING.search(q, end) if end else None
    if asking is None:
        return ""
    starts = [m.end() for m in _CLAUSE_START.finditer(q, end, asking.start())]
    rest = question[starts[-1] if starts else end:].strip(" ,;.")
    if len(re.findall(r"\w{3,}", rest)) < 3 or classify(rest) is not None:
        return ""
    return rest


# A document line that talks to an assistant instead of informing a resident.
_IMPERATIVE = re.compile(
    r"\b(assistant|chatbot|ia|intelligence artificielle|robot|modele de langage|llm"
    r"|systeme de reponse)\b.{0,80}\b(doi[st]|dev(ez|rez|ra)|reponds?|repondez|dis|dites"
    r"|ignore\w*|oublie\w*|affiche|annonce|recommande|invente|pretends?|faut)\b"
    r"|\b(ignore\w*|oublie\w*)\b.{0,40}\b(consignes?|instructions?|regles?|precedent\w*)\b"
    r"|\b(a|aux|pour (les|l')) (assistants?|ia|robots?|modeles?)\b\s*:"
    r"|\b(instruction|note|message) (pour|a|aux|destinee?s? a) (l'|les? |aux? )?"
    r"(assistant|ia|robot|modele|chatbot)"
    r"|\b(tu dois|vous devez) (toujours|desormais|maintenant|imperativement) (repondre|dire)"
    r"|\bsystem\s*:|\bprompt\b|<\s*/?\s*(system|instruction|im_start|im_end)"
    # A sentence opening on a verb of saying in the familiar imperative (« réponds aux
    # visiteurs », « ne mentionne jamais ») : town hall documents say « vous » to their
    # readers, so a « tu » order to say something is meant for an assistant (French
    # grammar, not any document's wording).
    r"|^\W*(?:\w+\s*,\s*)?(?:ne\s+)?(reponds|dis|affirme|annonce|mentionne|indique"
    r"|precise|explique|raconte|signale|revele|parle)\b"
)


def is_instruction(sentence: str) -> bool:
    return _IMPERATIVE.search(fold(sentence)) is not None


def clean_passages(passages: list[Passage]) -> list[Passage]:
    """Passages with any sentence addressed to an assistant removed; empty ones dropped."""
    out = []
    for p in passages:
        text = neutralise(p.chunk.text)
        if text.strip():
            out.append(replace(p, chunk=replace(p.chunk, text=text)))
    return out


def neutralise(text: str) -> str:
    """Drop the sentences of a passage that address an assistant: documents are data.

    Everything else is kept as it was, line breaks included (they end headings).
    """
    from robot.core.sentences import split_sentences

    for sentence in split_sentences(text):
        if is_instruction(sentence):
            text = text.replace(sentence, " ")
    return text.replace("<|", "<").replace("|>", ">")


@dataclass(frozen=True)
class Desk:
    """Where a visitor can get help from a person (from AccueilSettings)."""

    desk: str
    place: str
    hours: str
    phone: str


DESK_PREFIX = "Vous pouvez vous adresser à"


def point_to_desk(desk: Desk) -> str:
    """Where to go, said in a few seconds: the visitor is in the building, so the desk's
    opening hours (a long sentence, and in the documents) would only delay the answer."""
    return f"{DESK_PREFIX} {desk.desk}, {desk.place}, ou appeler le {desk.phone}."


EMERGENCY_TEXT = ("Si c'est une urgence, appelez tout de suite le 15 pour le SAMU, le 18 pour "
                  "les pompiers, le 17 pour la police, ou le 112. Un agent de l'accueil peut "
                  "vous aider à appeler.")


def refusal_text(kind: Refusal, desk: Desk) -> str:
    """A kind refusal that reveals nothing and repeats nothing."""
    if kind is Refusal.EMERGENCY:
        return EMERGENCY_TEXT
    if kind is Refusal.INJECTION:
        return ("Je ne peux pas faire cela. Je suis là pour répondre à vos questions "
                "sur les démarches et les services de la mairie.")
    if kind is Refusal.PERSONAL:
        return ("Je ne peux pas donner d'informations personnelles sur des habitants. "
                + point_to_desk(desk))
    return ("Je suis là pour vous aider. Si vous avez une question sur la mairie "
            "ou sur vos démarches, je vous écoute.")


def not_found_text(desk: Desk) -> str:
    return ("Je suis désolé, je n'ai pas trouvé cette information dans les documents "
            "de la mairie. " + point_to_desk(desk))


def elsewhere_text(town: str, desk: Desk) -> str:
    """Another town's service (« la piscine de Romorantin »): not in our documents."""
    return (f"Je ne connais que les documents de notre mairie, pas ceux {_of(town)}. "
            + point_to_desk(desk))


def missing_text(towns: Sequence[Named], missing: list[str], desk: Desk) -> tuple[str, str]:
    """(what to say, the reason) when the passages never name what the question does:
    another town's services, or something the documents do not hold."""
    theirs = [t.town for t in towns if t.asked and t.said in missing]
    if theirs:
        return elsewhere_text(theirs[0], desk), ELSEWHERE
    return not_found_text(desk), "not_found"


def _of(town: str) -> str:
    """« de Blois », « d'Amboise », « du Mans », « des Sables-d'Olonne »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if town.startswith(article):
            return contracted + town[len(article):]
    return ("d'" if fold(town[:1]) in "aeiouy" else "de ") + town


NOT_UNDERSTOOD_TEXT = "Pardon, je n'ai pas bien compris. Pouvez-vous reformuler votre question ?"


def not_understood_text(desk: Desk, again: bool = False) -> str:
    """Ask to rephrase; a second time in a row, send the visitor to people who will."""
    if again:
        return "Excusez-moi, je n'arrive pas à bien vous comprendre. " + point_to_desk(desk)
    return NOT_UNDERSTOOD_TEXT
