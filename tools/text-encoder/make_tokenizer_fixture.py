"""Expected WordPiece ids for awkward captions on a small vocabulary, for WordPieceTokenizerTest.

Writes model/src/test/resources/tokenizer/{vocab.txt,expected.json}, using the plain-Python
FullTokenizer logic in wordpiece.py. Run with: /usr/bin/python3 tools/text-encoder/make_tokenizer_fixture.py
"""

import json
import os

import wordpiece

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "model/src/test/resources/tokenizer")

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "un", "##want", "##ed", "wa", "runn", "##ing", ",", ".", "!", "-", "'", "$", "&", ":",
    "a", "the", "man", "cafe", "hello", "world", "dog", "##s", "cat", "on", "in", "of", "5",
    "##5", "co", "中", "国", "naive", "red", "bus", "bu", "##ss", "##es", "is", "x", "big",
]

CAPTIONS = [
    "UNwant\u00e9d,running",
    "H\u00e9llo   W\u00f6rld!",
    "a man in the caf\u00e9.",
    "dogs on the bus, cats on the buses",
    "unwantedx dog",
    "a\u0000 dog\u200b\tin\ufffd the\u3000cafe\u2028x",
    "\u4e2d\u56fd dog",
    "$5 & co.",
    "the dog's cat-man: na\u00efve",
    "a red bus " * 6,
    "",
    "x" * 101 + " dog",
    "\u201cdog\u201d \u2014 cat",
]


def main():
    os.makedirs(OUT, exist_ok=True)
    vocab_path = os.path.join(OUT, "vocab.txt")
    with open(vocab_path, "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in VOCAB))
    vocab = wordpiece.load_vocab(vocab_path)
    cases = []
    for text in CAPTIONS:
        ids, length = wordpiece.encode(text, vocab, 17)
        cases.append({"text": text, "pieces": wordpiece.tokenize(text, vocab), "ids": ids, "maxLen": length})
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"maxTokens": 17, "cases": cases}, f, indent=1, ensure_ascii=True)
        f.write("\n")
    for c in cases:
        print(repr(c["text"][:40]), c["pieces"][:12], c["maxLen"])


if __name__ == "__main__":
    main()
