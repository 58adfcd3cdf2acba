"""Exports BERT-base uncased as a TorchScript text encoder for dataset.textEncoder.uri: the encoder
that reproduces the paper (the reference uses TF-Hub bert_en_uncased_L-12_H-768_A-12/2, the same
Google checkpoint as HuggingFace's bert-base-uncased).

UNTESTED HERE: this script has never been run by the project, because the `transformers` package
cannot be installed on our machines. What it should print and write is in docs/preprocessing.md
("Production: BERT-base uncased"); the loading code it feeds (TorchScriptTextEncoder) is tested with
the built-in shapes-tiny TorchScript encoder.

Needs `pip install torch transformers` and downloads bert-base-uncased from the HuggingFace Hub on
first use (about 440 MB). Usage:

  python3 tools/text-encoder/export_bert_base.py OUT_DIR

Writes
  OUT_DIR/encoder.pt   TorchScript traced with (input_ids, attention_mask), both int64 (B, 17);
                       returns (last_hidden_state (B, 17, 768), pooler_output); token_type_ids
                       default to zeros, as in the reference
  OUT_DIR/vocab.txt    the WordPiece vocabulary (30,522 lines)
and checks that the traced module equals the eager model on two captions of other lengths and a
batch of another size, and that the vocabulary gives the token ids listed in EXPECTED_IDS.
"""

import os
import sys

import torch
from transformers import BertModel, BertTokenizer

MAX_TOKENS = 17

# Token ids of the check captions with BERT's uncased vocabulary, as this project's tokenizer
# computes them from all-MiniLM-L6-v2's copy of that vocabulary (the built-in minilm-l6 encoder's);
# the two vocabularies are expected to be the same file.
EXPECTED_IDS = {
    "A man riding a wave on top of a surfboard.":
        [101, 1037, 2158, 5559, 1037, 4400, 2006, 2327, 1997, 1037, 14175, 6277, 1012, 102],
    "a red circle": [101, 1037, 2417, 4418, 102],
}


def encode(tokenizer, texts):
    ids = torch.zeros(len(texts), MAX_TOKENS, dtype=torch.long)
    for i, text in enumerate(texts):
        row = tokenizer.encode(text, add_special_tokens=True)[:MAX_TOKENS - 1]
        if row[-1] != tokenizer.sep_token_id:
            row = row + [tokenizer.sep_token_id]
        ids[i, :len(row)] = torch.tensor(row)
    return ids, (ids != 0).long()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    tokenizer = BertTokenizer.from_pretrained("bert-base-uncased")
    model = BertModel.from_pretrained("bert-base-uncased", torchscript=True).eval()

    texts = list(EXPECTED_IDS)
    ids, mask = encode(tokenizer, texts)
    for i, text in enumerate(texts):
        got = ids[i][ids[i] != 0].tolist()
        status = "as expected" if got == EXPECTED_IDS[text] else f"EXPECTED {EXPECTED_IDS[text]}"
        print(f"{text!r}: ids {got} {status}")

    with torch.no_grad():
        example = torch.ones(2, MAX_TOKENS, dtype=torch.long)
        traced = torch.jit.trace(model, (example, example))
        eager = model(ids, attention_mask=mask)[0]
        hidden = traced(ids, mask)[0]
        assert hidden.shape == (2, MAX_TOKENS, 768), hidden.shape
        assert torch.allclose(hidden, eager, atol=1e-4), (hidden - eager).abs().max()
        three_ids, three_mask = encode(tokenizer, texts + ["two dogs"])
        assert traced(three_ids, three_mask)[0].shape == (3, MAX_TOKENS, 768)
    print(f"last hidden state {tuple(hidden.shape)}, [CLS] of caption 0 starts "
          f"{[round(v, 4) for v in hidden[0, 0, :4].tolist()]}")

    traced.save(os.path.join(out, "encoder.pt"))
    tokenizer.save_vocabulary(out)
    print(f"wrote {out}/encoder.pt ({os.path.getsize(os.path.join(out, 'encoder.pt')) / 1e6:.0f} MB)"
          f" and {out}/vocab.txt; upload both to one folder and set dataset.textEncoder.uri")


if __name__ == "__main__":
    main()
