package io.xmcgan.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.xmcgan.json.PlainJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's uncased {@code FullTokenizer}: clean-up, CJK spacing, whitespace split, lower-casing,
 * accent stripping and punctuation split, then greedy longest-match-first WordPiece with {@code ##}
 * continuations; a word with no full split becomes {@code [UNK]}. Captions are encoded as {@code
 * [CLS]} + at most {@code maxTokens - 2} pieces + {@code [SEP]}, padded with id 0.
 *
 * <p>{@link #fromHuggingFaceJson} reads a HuggingFace {@code tokenizer.json} of the same pipeline
 * (BertNormalizer, BertPreTokenizer, WordPiece, "[CLS] $A [SEP]"); its one difference from Google's
 * rules, that clean-up also drops private-use and unassigned characters (Rust's {@code is_other}),
 * is applied for such a tokenizer.
 */
public final class WordPieceTokenizer {

  public static final String UNK = "[UNK]";
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String PAD = "[PAD]";
  private static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocab;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final boolean huggingFaceCleanUp;

  /** Token ids of one caption, padded to {@code maxTokens}; {@code length} counts CLS and SEP. */
  public record Encoding(long[] ids, int length) {}

  private WordPieceTokenizer(Map<String, Integer> vocab, String source, boolean huggingFace) {
    this.vocab = vocab;
    this.huggingFaceCleanUp = huggingFace;
    this.unkId = require(vocab, UNK, source);
    this.clsId = require(vocab, CLS, source);
    this.sepId = require(vocab, SEP, source);
    Integer padId = vocab.get(PAD);
    if (padId != null && padId != 0) {
      throw new IllegalArgumentException(
          "vocabulary " + source + " has [PAD] at id " + padId + "; padding uses id 0");
    }
  }

  /** Reads a {@code vocab.txt}: one token per line, the line number (from 0) is the id. */
  public static WordPieceTokenizer fromVocab(InputStream in, String source) throws IOException {
    Map<String, Integer> vocab = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int id = 0;
      while ((line = reader.readLine()) != null) {
        String token = line.strip();
        if (!token.isEmpty()) {
          vocab.putIfAbsent(token, id);
        }
        id++;
      }
    }
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException("vocabulary " + source + " is empty");
    }
    return new WordPieceTokenizer(vocab, source, false);
  }

  /**
   * Reads the vocabulary of a HuggingFace {@code tokenizer.json} after checking that the file
   * configures exactly the pipeline this class implements: a lower-casing, accent-stripping {@code
   * BertNormalizer} that cleans text and spaces CJK characters, the {@code BertPreTokenizer}, a
   * {@code WordPiece} model with {@code ##} continuations, {@code [UNK]} and at most 100 characters
   * per word, and "[CLS] $A [SEP]" around a single sequence. Any other setting is refused, so the
   * ids are the file's.
   */
  public static WordPieceTokenizer fromHuggingFaceJson(InputStream in, String source)
      throws IOException {
    JsonNode root = PlainJson.mapper().readTree(in);
    JsonNode normalizer = root.path("normalizer");
    JsonNode model = root.path("model");
    JsonNode single = root.path("post_processor").path("single");
    boolean lowercase = normalizer.path("lowercase").asBoolean(false);
    JsonNode strip = normalizer.path("strip_accents");
    expect(source, "normalizer.type", normalizer.path("type").asText(), "BertNormalizer");
    expect(source, "normalizer.clean_text", normalizer.path("clean_text").asText(), "true");
    expect(
        source,
        "normalizer.handle_chinese_chars",
        normalizer.path("handle_chinese_chars").asText(),
        "true");
    expect(source, "normalizer.lowercase", String.valueOf(lowercase), "true");
    expect(
        source,
        "normalizer.strip_accents",
        strip.isNull() || strip.isMissingNode() ? "true" : strip.asText(),
        "true");
    expect(
        source,
        "pre_tokenizer.type",
        root.path("pre_tokenizer").path("type").asText(),
        "BertPreTokenizer");
    expect(source, "model.type", model.path("type").asText(), "WordPiece");
    expect(source, "model.unk_token", model.path("unk_token").asText(), UNK);
    expect(
        source,
        "model.continuing_subword_prefix",
        model.path("continuing_subword_prefix").asText(),
        "##");
    expect(
        source,
        "model.max_input_chars_per_word",
        model.path("max_input_chars_per_word").asText(),
        String.valueOf(MAX_CHARS_PER_WORD));
    expect(
        source,
        "post_processor.single",
        single.size()
            + ":"
            + single.path(0).path("SpecialToken").path("id").asText()
            + ":"
            + single.path(1).path("Sequence").path("id").asText()
            + ":"
            + single.path(2).path("SpecialToken").path("id").asText(),
        "3:" + CLS + ":A:" + SEP);
    Map<String, Integer> vocab = new HashMap<>();
    model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException("tokenizer " + source + " has no model.vocab");
    }
    return new WordPieceTokenizer(vocab, source, true);
  }

  private static void expect(String source, String field, String actual, String wanted) {
    if (!wanted.equals(actual)) {
      throw new IllegalArgumentException(
          "tokenizer "
              + source
              + ": "
              + field
              + " is '"
              + actual
              + "', but only '"
              + wanted
              + "' is supported (BERT's uncased WordPiece pipeline)");
    }
  }

  int vocabSize() {
    return vocab.size();
  }

  /** The word pieces of {@code text}, without CLS/SEP and without truncation. */
  public List<String> tokenize(String text) {
    List<String> pieces = new ArrayList<>();
    for (String word : basicTokenize(text)) {
      wordPieces(word, pieces);
    }
    return pieces;
  }

  public Encoding encode(String text, int maxTokens) {
    if (maxTokens < 3) {
      throw new IllegalArgumentException("maxTokens must be at least 3, got " + maxTokens);
    }
    List<String> pieces = tokenize(text);
    int kept = Math.min(pieces.size(), maxTokens - 2);
    long[] ids = new long[maxTokens];
    ids[0] = clsId;
    for (int i = 0; i < kept; i++) {
      ids[i + 1] = vocab.getOrDefault(pieces.get(i), unkId);
    }
    ids[kept + 1] = sepId;
    return new Encoding(ids, kept + 2);
  }

  private List<String> basicTokenize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp) || huggingFaceOther(cp)) {
                return;
              }
              if (isWhitespace(cp) || isLineOrParagraphSeparator(cp)) {
                // Python's str.split() in the reference also splits on U+2028/U+2029.
                cleaned.append(' ');
              } else if (isCjk(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
              } else {
                cleaned.appendCodePoint(cp);
              }
            });
    List<String> tokens = new ArrayList<>();
    for (String word : cleaned.toString().strip().split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      String folded =
          huggingFaceCleanUp
              ? lowerEachCharacter(stripAccents(word))
              : stripAccents(word.toLowerCase(Locale.ROOT));
      StringBuilder current = new StringBuilder();
      folded
          .codePoints()
          .forEach(
              cp -> {
                if (isPunctuation(cp)) {
                  if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                  }
                  tokens.add(new String(Character.toChars(cp)));
                } else {
                  current.appendCodePoint(cp);
                }
              });
      if (!current.isEmpty()) {
        tokens.add(current.toString());
      }
    }
    return tokens;
  }

  private void wordPieces(String word, List<String> out) {
    int[] cps = word.codePoints().toArray();
    if (cps.length > MAX_CHARS_PER_WORD) {
      out.add(UNK);
      return;
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < cps.length) {
      String found = null;
      int end = cps.length;
      while (start < end) {
        String piece = new String(Arrays.copyOfRange(cps, start, end), 0, end - start);
        if (start > 0) {
          piece = "##" + piece;
        }
        if (vocab.containsKey(piece)) {
          found = piece;
          break;
        }
        end--;
      }
      if (found == null) {
        out.add(UNK);
        return;
      }
      pieces.add(found);
      start = end;
    }
    out.addAll(pieces);
  }

  /**
   * HuggingFace's order and case mapping: accents were stripped first, and each character is
   * lower-cased on its own (Rust's {@code char::to_lowercase}), so a word-final capital sigma
   * becomes σ, not ς.
   */
  private static String lowerEachCharacter(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(cp -> out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT)));
    return out.toString();
  }

  private static String stripAccents(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  /**
   * HuggingFace's clean-up drops every Unicode "other" character; {@link #isControl} covers Cc and
   * Cf, this adds Co, Cn and Cs.
   */
  private boolean huggingFaceOther(int cp) {
    if (!huggingFaceCleanUp) {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED
        || type == Character.SURROGATE;
  }

  private static boolean isLineOrParagraphSeparator(int cp) {
    int type = Character.getType(cp);
    return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** Unicode P* categories, plus every non-alphanumeric printable ASCII character (as BERT). */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  private static int require(Map<String, Integer> vocab, String token, String source) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException(
          "vocabulary " + source + " has no " + token + " token; use a BERT WordPiece vocab.txt");
    }
    return id;
  }
}
