"""Was the question heard right? "I did not understand" is not "I don't know".

When the documents hold nothing for a question, two different things may have happened:
the visitor asked about something the town hall does not document, or the recogniser
turned the question into other words (« la méchette à y » for « la déchetterie »). The
first deserves « je n'ai pas trouvé »; the second « pardon, je n'ai pas bien compris »,
and telling a visitor the town hall has no information when it has is the worse error.

Two general signs were measured: the recogniser's own confidence (Whisper: the
probability of its tokens times the probability that there was speech at all; Vosk: its
words' mean confidence), and how many of the transcript's words the town's documents
use at all (Whisper's vocabulary prompt fills misheard text with the documents' words,
so this one carries no information). The weights are fitted by
`scripts/calibrate_misheard.py` on `robot eval --spoken --dump` runs of the tuning commune.
"""

from __future__ import annotations

import math

NOT_UNDERSTOOD = "not_understood"  # the decline reason, beside not_found

# Logistic weights over (recogniser confidence, share of known words), fitted by
# scripts/calibrate_misheard.py on 777 spoken questions of the tuning commune (espeak-ng
# at 150-200 wpm, three voices, babble at 10 dB; Whisper base): the share of known words
# turned out to add nothing (log-loss 0.267 without it, 0.269 with), the confidence does
# it all: « pas compris » below ~0.48. The threshold weighs the two errors: at 0.78, of
# the questions misheard 73 % hear « pas compris » and 6 % « pas trouvé », and of those
# heard right and declined 19 % hear « pas compris » (a second try then reaches the desk);
# 0.5 would give 77 % / 2 % / 43 %. Vosk's confidences run higher: with the `fr` profile
# this errs towards « pas trouvé » until refitted on its own spoken runs.
WEIGHTS = (18.071, -0.379)
BIAS = -9.884
THRESHOLD = 0.782


def p_misheard(confidence: float, known: float) -> float:
    """The probability that a transcript is not what the visitor said."""
    z = BIAS + WEIGHTS[0] * confidence + WEIGHTS[1] * known
    return 1.0 / (1.0 + math.exp(z))  # high confidence and known words: heard right


# So unsure that even an answer found for the transcript is not worth speaking: on the
# same runs, of the 64 questions answered from a transcript below ~0.4 confidence (this
# threshold), 61 answers were wrong, often a document title the vocabulary prompt made
# out of noise (« Autorisations d'avis. »); between 0.4 and 0.6, 8 % were right.
NOT_EVEN_ANSWERED = 0.94


def misheard(confidence: float | None, known: float, threshold: float = THRESHOLD) -> bool:
    """Only for a spoken question (a typed one has no recogniser to doubt)."""
    return confidence is not None and p_misheard(confidence, known) >= threshold
