"""Expected token ids of the built-in minilm-l6 text encoder, written from its tokenizer JSON alone.

This is an independent, plain-Python reading of the HuggingFace `tokenizers` pipeline that the
file configures (it shares no code with the Java tokenizer or with wordpiece.py, which follows
Google's FullTokenizer instead):

  normalizer    BertNormalizer: clean_text (drop NUL, U+FFFD and "other" characters: Cc, Cf, Co,
                Cn; whitespace (Rust's char::is_whitespace, i.e. Unicode White_Space) to a space),
                handle_chinese_chars (spaces around CJK ideographs), strip_accents (null: follows
                lowercase; NFD, drop Mn), then lowercase, character by character
  pre_tokenizer BertPreTokenizer: split on whitespace, and isolate every punctuation character
                (ASCII punctuation or Unicode P*)
  model         WordPiece: greedy longest match first, continuing_subword_prefix, unk_token for a
                word with no full split or longer than max_input_chars_per_word
  post          TemplateProcessing "[CLS] $A [SEP]", truncated to max_length (the pieces keep the
                first max_length - 2)

Every setting the script relies on is asserted against the JSON, so a tokenizer file with other
settings stops it. Writes model/src/test/resources/text-encoders/minilm-l6-tokens.json; run with
  /usr/bin/python3 tools/text-encoder/make_minilm_token_fixture.py
after a Maven build has fetched the jar (minilm_files.py).
"""

import json
import os
import unicodedata

import minilm_files

MAX_TOKENS = 17

CAPTIONS = [
    "A man riding a wave on top of a surfboard.",
    "a red circle",
    "A crimson disc on a white background",
    "Two dogs playing with a frisbee in the park",
    "The skateboarder is doing an unbelievably difficult trick!",
    "a plate of spaghetti, meatballs & garlic-bread; yum",
    "A CAFÉ with crème brûlée",
    "naïve señor's piñata",
    "the dog's cat-man: (5) \"quoted\" [brackets] {braces}",
    "  leading and trailing whitespace\t\nand tabs  ",
    "a\u0000 dog\u200b\tin\ufffd the\u3000cafe\u2028x\u0085y\u00a0z",
    "private use \ue000 here",
    "\u4e2d\u56fd dog \u732b",
    "emoji \U0001F436 dog",
    "\u201cdog\u201d \u2014 cat \u2026",
    "x" * 101 + " dog",
    "a very long caption about a big red double decker bus parked next to a small blue car on "
    "a busy street",
    "",
    "ΣΟΦΟΣ ΛΟΓΟΣ",
    "İstanbul ﬁne ＡＢＣ",
    "e\u0301cole",
    "#hashtag @mention 100% $5",
]


def is_whitespace(c):
    # Rust's char::is_whitespace: the Unicode White_Space property.
    return c in "\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" or (
        "\u2000" <= c <= "\u200a")


def is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c) in ("Cc", "Cf", "Co", "Cn", "Cs")


def is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def normalize(text, cfg):
    out = []
    for c in text:
        if cfg["clean_text"] and (c == "\u0000" or c == "\ufffd" or is_control(c)):
            continue
        if cfg["clean_text"] and is_whitespace(c):
            out.append(" ")
        elif cfg["handle_chinese_chars"] and is_chinese(ord(c)):
            out.append(" " + c + " ")
        else:
            out.append(c)
    text = "".join(out)
    strip = cfg["strip_accents"] if cfg["strip_accents"] is not None else cfg["lowercase"]
    if strip:
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if unicodedata.category(c) != "Mn")
    if cfg["lowercase"]:
        # NormalizedString::lowercase maps each character on its own (char::to_lowercase), so
        # there is no final-sigma rule as in str.lower() of a whole word: "ΣΟΦΟΣ" -> "σοφοσ".
        text = "".join(c.lower() for c in text)
    return text


def pre_tokenize(text):
    words, current = [], []
    for c in text:
        if is_whitespace(c):
            if current:
                words.append("".join(current))
                current = []
        elif is_punctuation(c):
            if current:
                words.append("".join(current))
                current = []
            words.append(c)
        else:
            current.append(c)
    if current:
        words.append("".join(current))
    return words


def word_pieces(word, vocab, model):
    if len(word) > model["max_input_chars_per_word"]:
        return [model["unk_token"]]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end]
            if start > 0:
                piece = model["continuing_subword_prefix"] + piece
            if piece in vocab:
                found = piece
                break
            end -= 1
        if found is None:
            return [model["unk_token"]]
        pieces.append(found)
        start = end
    return pieces


def main():
    spec = json.loads(minilm_files.read(minilm_files.TOKENIZER))
    norm, model, post = spec["normalizer"], spec["model"], spec["post_processor"]
    assert norm["type"] == "BertNormalizer", norm
    assert spec["pre_tokenizer"] == {"type": "BertPreTokenizer"}, spec["pre_tokenizer"]
    assert model["type"] == "WordPiece", model["type"]
    assert post["type"] == "TemplateProcessing"
    assert [list(p.keys())[0] for p in post["single"]] == ["SpecialToken", "Sequence", "SpecialToken"]
    cls, sep = post["single"][0]["SpecialToken"]["id"], post["single"][2]["SpecialToken"]["id"]
    vocab = model["vocab"]
    assert vocab["[PAD]"] == 0 and spec["padding"]["pad_id"] == 0

    cases = []
    for text in CAPTIONS:
        pieces = [p for w in pre_tokenize(normalize(text, norm)) for p in word_pieces(w, vocab, model)]
        all_ids = [vocab[cls]] + [vocab[p] for p in pieces] + [vocab[sep]]
        kept = pieces[: MAX_TOKENS - 2]
        ids = [vocab[cls]] + [vocab[p] for p in kept] + [vocab[sep]]
        length = len(ids)
        ids += [0] * (MAX_TOKENS - length)
        cases.append({"text": text, "pieces": pieces, "untruncatedIds": all_ids, "ids": ids,
                      "maxLen": length})
    out = os.path.join(minilm_files.ROOT, "model/src/test/resources/text-encoders")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "minilm-l6-tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "tools/text-encoder/make_minilm_token_fixture.py, from "
                             + minilm_files.TOKENIZER + " of the langchain4j jar",
                   "vocabSize": len(vocab), "maxTokens": MAX_TOKENS, "cases": cases},
                  f, indent=1, ensure_ascii=True)
        f.write("\n")
    for c in cases:
        print(repr(c["text"][:40]), c["pieces"][:12])


if __name__ == "__main__":
    main()
