"""BERT WordPiece tokenisation as in google-research/bert tokenization.py (FullTokenizer).

A plain-Python reimplementation used to compute the expected token ids that the Java tokenizer
(io.xmcgan.text.WordPieceTokenizer) is tested against. Lower-cased (uncased) models only.
"""

import unicodedata


def load_vocab(path):
    with open(path, encoding="utf-8") as f:
        return {line.rstrip("\n"): i for i, line in enumerate(f) if line.rstrip("\n")}


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_punctuation(ch):
    cp = ord(ch)
    # All non-letter/number ASCII counts as punctuation, as in BERT (e.g. "^", "$", "`").
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokenize(text):
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        cleaned.append(" " if _is_whitespace(ch) else ch)
    spaced = []
    for ch in cleaned:
        if _is_cjk(ord(ch)):
            spaced.extend([" ", ch, " "])
        else:
            spaced.append(ch)
    tokens = []
    for word in "".join(spaced).strip().split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(ch for ch in word if unicodedata.category(ch) != "Mn")
        current = []
        for ch in word:
            if _is_punctuation(ch):
                if current:
                    tokens.append("".join(current))
                    current = []
                tokens.append(ch)
            else:
                current.append(ch)
        if current:
            tokens.append("".join(current))
    return tokens


def wordpiece_tokenize(word, vocab, unk="[UNK]", max_chars=100):
    if len(word) > max_chars:
        return [unk]
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end]
            if start > 0:
                piece = "##" + piece
            if piece in vocab:
                found = piece
                break
            end -= 1
        if found is None:
            return [unk]
        pieces.append(found)
        start = end
    return pieces


def tokenize(text, vocab):
    return [p for w in basic_tokenize(text) for p in wordpiece_tokenize(w, vocab)]


def encode(text, vocab, max_tokens=17):
    """[CLS] + at most max_tokens-2 word pieces + [SEP], padded with id 0; returns (ids, max_len)."""
    pieces = tokenize(text, vocab)[: max_tokens - 2]
    ids = [vocab["[CLS]"]] + [vocab[p] for p in pieces] + [vocab["[SEP]"]]
    length = len(ids)
    return ids + [0] * (max_tokens - length), length
