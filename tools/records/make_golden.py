#!/usr/bin/env python3
"""Writes the TFRecord / tf.Example golden fixtures under core/src/test/resources/records/.

Why these bytes are independent of the Java writer: TensorFlow is not installed here, so this
script is a second, separate implementation of TensorFlow's documented formats, written from the
specifications and sharing no code with io.xmcgan.records:
  * TFRecord framing (tensorflow/core/lib/io/record_writer.cc, documented in the TFRecord guide):
    uint64 LE length, uint32 LE masked CRC32C of the length, data, uint32 LE masked CRC32C of the
    data, with mask(crc) = ((crc >> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32).
  * CRC32C (Castagnoli, reflected polynomial 0x82F63B78) computed by the classic table-driven
    algorithm below, checked on start-up against the RFC 3720 test vectors, not with java.util.zip.
  * Protocol-buffer wire encoding of example.proto / feature.proto, hand-written from the protobuf
    encoding guide: Example{features=1}, Features{map<string,Feature> feature=1} (map entries are
    messages {key=1, value=2}), Feature{bytes_list=1 | float_list=2 | int64_list=3},
    BytesList{repeated bytes value=1}, FloatList{repeated float value=1 [packed]},
    Int64List{repeated int64 value=1 [packed]}. Map entries are written in sorted key order (what
    our writer promises for determinism; protobuf itself leaves map order unspecified).
The expected decoded content goes to JSON, written from the Python values, not from the encoding.

Outputs (deterministic, all inputs from a fixed seed):
  golden.tfrecord / golden.json       three Examples, packed encoding as our writer must produce
  unpacked.tfrecord / unpacked.json   one Example with unpacked repeated fields, keys out of order
                                      and an unknown field, which a reader must still decode
  crc32c_vectors.json                 CRC32C and masked CRC32C of a few inputs

Run: /usr/bin/python3 tools/records/make_golden.py   (from the repository root)
"""

import base64
import json
import os
import random
import struct
import zlib

OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test", "resources",
    "records")
SEED = 20240611


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def _check_crc32c():
    # RFC 3720 appendix B.4 vectors and the customary "123456789" check value.
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(bytes(32)) == 0x8A9136AA
    assert crc32c(b"\xff" * 32) == 0x62A8AB43
    assert crc32c(bytes(range(32))) == 0x46DD794E
    assert crc32c(bytes(range(31, -1, -1))) == 0x113FDB5C


def tfrecord(data):
    length = struct.pack("<Q", len(data))
    return (length + struct.pack("<I", masked_crc32c(length)) + data
            + struct.pack("<I", masked_crc32c(data)))


# --- protobuf wire encoding -------------------------------------------------------------------

def varint(value):
    value &= 0xFFFFFFFFFFFFFFFF  # int64 negatives: two's complement, 10 bytes
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(field, wire_type):
    return varint((field << 3) | wire_type)


def length_delimited(field, body):
    return key(field, 2) + varint(len(body)) + body


def bytes_list(values):
    return b"".join(length_delimited(1, v) for v in values)


def float_list_packed(values):
    if not values:
        return b""
    return length_delimited(1, b"".join(struct.pack("<f", v) for v in values))


def int64_list_packed(values):
    if not values:
        return b""
    return length_delimited(1, b"".join(varint(v) for v in values))


def float_list_unpacked(values):
    return b"".join(key(1, 5) + struct.pack("<f", v) for v in values)


def int64_list_unpacked(values):
    return b"".join(key(1, 0) + varint(v) for v in values)


def feature(kind, values, packed=True):
    if kind == "bytes_list":
        return length_delimited(1, bytes_list(values))
    if kind == "float_list":
        body = float_list_packed(values) if packed else float_list_unpacked(values)
        return length_delimited(2, body)
    body = int64_list_packed(values) if packed else int64_list_unpacked(values)
    return length_delimited(3, body)


def example(features, packed=True, key_order=sorted, extra=b""):
    entries = b""
    for name in key_order(features):
        kind, values = features[name]
        entry = length_delimited(1, name.encode("utf-8")) + length_delimited(
            2, feature(kind, values, packed))
        entries += length_delimited(1, entry)
    return length_delimited(1, entries) + extra


# --- fixture content ---------------------------------------------------------------------------

def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def png_rgb(width, height, rng):
    """A real, tiny PNG (8-bit RGB, no filtering) so the image feature is a genuine image."""
    rows = b"".join(
        b"\x00" + bytes(rng.randrange(256) for _ in range(3 * width)) for _ in range(height))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def golden_examples(rng):
    captions = ["a man riding a wave on top of a surfboard", "un café près de la fenêtre",
                "two dogs playing in the snow", "猫がソファの上で寝ている", ""]
    first = {
        "image": ("bytes_list", [png_rgb(4, 4, rng)]),
        "image/filename": ("bytes_list", [b"COCO_val2014_000000000042.jpg"]),
        "caption/text": ("bytes_list", [c.encode("utf-8") for c in captions]),
        "caption/max_len": ("int64_list", [12, 9, 8, 17, 2]),
        "caption/embedding": ("float_list", [f32(x) for x in (
            0.0, -0.0, 1.0, -1.5, 0.1, 3.4028234663852886e38, -3.4028234663852886e38,
            1.401298464324817e-45, 1.1754943508222875e-38, 123456.789)]),
    }
    second = {
        "int64/edge": ("int64_list", [-1, 0, 1, -(2 ** 63), 2 ** 63 - 1, 127, 128, -300,
                                      16384, -16384]),
        "float/empty": ("float_list", []),
        "bytes/empty": ("bytes_list", []),
        "int64/empty": ("int64_list", []),
        "überschrift": ("bytes_list", ["ünïcödé text".encode("utf-8")]),
    }
    third = {
        "image": ("bytes_list", [png_rgb(16, 12, rng)]),
        "caption/embedding": ("float_list",
                              [f32(rng.gauss(0.0, 1.0)) for _ in range(1000)]),
        "caption/max_len": ("int64_list", [rng.randrange(2, 18) for _ in range(5)]),
        "blob": ("bytes_list", [bytes(rng.randrange(256) for _ in range(300))]),
    }
    return [first, second, third]


def unpacked_example(rng):
    return {
        "z/floats": ("float_list", [f32(rng.uniform(-10.0, 10.0)) for _ in range(6)]),
        "m/ints": ("int64_list", [-7, 0, 2 ** 40, -(2 ** 40)]),
        "a/text": ("bytes_list", [b"unpacked", b"fields"]),
    }


def to_json(features):
    out = {}
    for name, (kind, values) in features.items():
        if kind == "bytes_list":
            out[name] = {kind: [base64.b64encode(v).decode("ascii") for v in values]}
        else:
            out[name] = {kind: list(values)}
    return out


def write(name, data):
    path = os.path.join(OUT_DIR, name)
    mode = "w" if isinstance(data, str) else "wb"
    with open(path, mode) as f:
        f.write(data)
    print(f"wrote {os.path.normpath(path)} ({len(data)} {'chars' if mode == 'w' else 'bytes'})")


def main():
    _check_crc32c()
    os.makedirs(OUT_DIR, exist_ok=True)
    rng = random.Random(SEED)

    examples = golden_examples(rng)
    write("golden.tfrecord", b"".join(tfrecord(example(e)) for e in examples))
    write("golden.json", json.dumps({"examples": [to_json(e) for e in examples]}, indent=1,
                                    ensure_ascii=False) + "\n")

    unpacked = unpacked_example(rng)
    unknown_varint_field_15 = key(15, 0) + varint(99)
    record = example(unpacked, packed=False, key_order=lambda f: sorted(f, reverse=True),
                     extra=unknown_varint_field_15)
    write("unpacked.tfrecord", tfrecord(record))
    write("unpacked.json", json.dumps({"examples": [to_json(unpacked)]}, indent=1) + "\n")

    inputs = [b"", b"123456789", bytes(32), b"\xff" * 32, bytes(range(32)), struct.pack("<Q", 0),
              b"brain.Event:2"]
    vectors = [{"hex": v.hex(), "crc32c": crc32c(v), "masked": masked_crc32c(v)} for v in inputs]
    write("crc32c_vectors.json", json.dumps({"vectors": vectors}, indent=1) + "\n")


if __name__ == "__main__":
    main()
