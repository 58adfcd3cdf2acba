"""The closed vocabulary of the synthetic shapes captions (io.xmcgan.shapes), in id order."""

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCTUATION = [".", ",", ":", ";", "!", "?", "-", "'", '"', "(", ")"]
WORDS = [
    # function words
    "a", "an", "the", "on", "of", "in", "at", "to", "and", "there", "is", "are", "one", "two",
    "that", "with", "next", "this", "it", "its",
    # scene
    "shape", "shapes", "picture", "image", "photo", "background",
    # position and relation
    "left", "right", "top", "bottom", "center", "centre", "middle", "corner", "above", "below",
    # size
    "small", "large", "big", "tiny",
    # colour
    "red", "green", "blue", "yellow", "purple", "orange", "white", "black", "gray", "grey",
    "pink", "brown",
    # kind
    "circle", "square", "triangle", "diamond", "star",
]
# Continuation pieces, so that plurals and simple derived forms split instead of becoming [UNK].
SUFFIXES = ["##s", "##es", "##ed", "##ing", "##er", "##ish", "##ly"]

VOCAB = SPECIAL + PUNCTUATION + WORDS + SUFFIXES
