"""English technical noun phrases in running text: ``random forest``, ``gradient descent``,
``Gini impurity``, ``RBF kernel``, ``language model``.

English notes name most of their concepts in lower case, where no capital or digit marks them
(``latin_terms`` only takes tokens of a technical shape). A phrase here is one to three words
right before a *head*, a noun that names a kind of technical thing (``tree``, ``descent``,
``kernel``, ``learning`` ...), with no punctuation between them: the words before it must be
content words, not articles, pronouns, quantities or the generic adjectives that describe an
instance (``the previous tree``, ``a large model``). Plural heads are written singular
(``random forests`` -> ``random forest``). The reader only proposes: a phrase becomes a concept
when the corpus writes it often enough (``concepts/discover``).
"""

from __future__ import annotations

import re


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Nouns that name a kind of technical thing, singular.
HEADS = _wordlist(
    """
    algorithm network tree forest boosting bagging regression classifier clustering descent
    learning kernel trick impurity gain loss normalization normalisation regularization
    regularisation layer unit gate matrix machine encoder decoder embedding attention
    transformer mechanism optimizer optimiser estimation estimator sampling search propagation
    decomposition distribution entropy divergence likelihood inference analysis field process
    chain filter pooling convolution activation encoding representation tokenization tokenizer
    tokeniser perceptron autoencoder selection engineering validation error margin gradient
    model score curve rate window bound connection dropout memory retrieval prompting
    quantization distillation pruning fine-tuning tuning decay smoothing imputation scaling
    reduction function translation classification recognition detection segmentation
    generation summarization summarisation answering tagging parsing labeling labelling
    modeling modelling prediction initialization initialisation augmentation
    """
)
#: Words that describe an instance rather than name a kind (never part of a phrase).
_GENERIC = _wordlist(
    """
    a an the this that these those its it their our your my his her each every all any some
    many much more most less least few several various other another same different such
    own only first second third last next previous following above below given certain
    main major minor key basic general simple simpler complex whole entire full single
    multiple new old good better best bad worse worst high higher highest low lower lowest
    large larger largest small smaller smallest big huge tiny little long short overall
    important common usual typical standard original final current specific particular
    proper real actual possible known so very also just not no of to in on for with and or
    by from as at is are was were be been being has have had do does did can could may
    might will would should must shall which what who whom whose when where why how
    than then there here one two three four five six seven eight nine ten both either
    neither using used use uses via per into onto over under between among through
    without within like unlike e.g i.e etc vs while because since although though whereas
    unless after before until once yet but nor if
    apply combine train learn fit compute predict reduce improve add remove split select
    choose build make take give get find need require allow let help keep show see call
    replace avoid prevent handle capture produce perform estimate optimize optimise minimize
    minimise maximize maximise update initialize initialise encode decode stack adopt
    """
)
#: Every head as written, singular or plural.
_HEAD_FORMS = HEADS | {h + "s" for h in HEADS} | {h + "es" for h in HEADS}
_HEAD_FORMS |= {h[:-1] + "ies" for h in HEADS if h.endswith("y")}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_MAX_MODIFIERS = 3


def _singular(word: str) -> str:
    low = word.casefold()
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return word[:-1]
    return word


def _titled(word: str) -> bool:
    """Capitalised like a word of a title (``Estimation``), not an acronym (``RBF``)."""
    return word[0].isupper() and sum(c.isupper() for c in word) == 1


def _modifier(word: str) -> bool:
    low = word.casefold()
    if low in _GENERIC or len(low) < 2 or low.isdigit():
        return False
    if low.endswith("ly") and len(low) > 4:
        return False  # an adverb: "randomly drops"
    # a lower-case word in -s is a verb or a plural ("applies gradient descent"): a noun
    # before a noun is singular ("decision tree"); names keep theirs ("Bayes classifier")
    return not (word.islower() and low.endswith("s") and not low.endswith(("ss", "us", "is")))


def english_phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of the technical noun phrases of an English ``text``; the phrase
    is written with a singular head, so ``end`` may run past its last letter."""
    words = list(_WORD.finditer(text))
    lows = [w.group().casefold() for w in words]
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for i, m in enumerate(words):
        if lows[i] not in _HEAD_FORMS:  # one set lookup per word: most are no head
            continue
        if (  # "gradient descent", "attention mechanism": the last head ends the phrase
            i + 1 < len(words)
            and lows[i + 1] in _HEAD_FORMS
            and text[m.end() : words[i + 1].start()] == " "
        ):
            continue
        head = _singular(m.group())
        first = i
        while (
            first > 0
            and i - first < _MAX_MODIFIERS
            and text[words[first - 1].end() : words[first].start()] == " "
            and _modifier(words[first - 1].group())
        ):
            first -= 1
        if first == i or words[first].start() < last_end:
            continue
        if any(_titled(w.group()) for w in words[first + 1 : i + 1]):
            continue  # "Efficient Estimation of …", "The Annotated Transformer": a title
        start = words[first].start()
        phrase = text[start : m.start()] + head
        out.append((start, m.end(), phrase))
        last_end = m.end()
    return out


def headed(term: str) -> bool:
    """Whether ``term`` is words before a head, as ``english_phrases`` gives them."""
    words = term.split()
    return len(words) >= 2 and _singular(words[-1]).casefold() in HEADS


__all__ = ["HEADS", "english_phrases", "headed"]
