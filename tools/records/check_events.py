#!/usr/bin/env python3
"""Independent check of a TensorBoard event file written by io.xmcgan.tensorboard.EventFileWriter.

TensorBoard and TensorFlow are not installed here, so this parses the file with a pure-Python
implementation of the formats (TFRecord framing with masked CRC32C, and the protobuf wire
encoding of event.proto / summary.proto: Event{wall_time=1 double, step=2 int64,
file_version=3 string, summary=5 Summary}, Summary{value=1 Value}, Value{tag=1, simple_value=2
float, image=4 Image}, Image{height=1, width=2, colorspace=3, encoded_image_string=4}).
The CRC32C is the table-driven one in make_golden.py; nothing is shared with the Java code.

Prints one JSON line per event and exits non-zero if a checksum fails, the file name lacks
"tfevents", or the first event is not a "brain.Event:" file-version event.

Run: /usr/bin/python3 tools/records/check_events.py path/to/events.out.tfevents.<secs>.<host>
"""

import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import masked_crc32c  # noqa: E402


def records(data):
    offset = 0
    while offset < len(data):
        if len(data) - offset < 12:
            raise ValueError(f"truncated header at byte {offset}")
        length_bytes = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", length_bytes)
        (length_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        if length_crc != masked_crc32c(length_bytes):
            raise ValueError(f"length CRC mismatch at byte {offset}")
        body = data[offset + 12:offset + 12 + length]
        footer = data[offset + 12 + length:offset + 16 + length]
        if len(body) != length or len(footer) != 4:
            raise ValueError(f"truncated record at byte {offset}")
        if struct.unpack("<I", footer)[0] != masked_crc32c(body):
            raise ValueError(f"data CRC mismatch at byte {offset}")
        yield body
        offset += 16 + length


def fields(message):
    """Yields (field number, wire type, value) for each field of an encoded message."""
    pos = 0

    def varint():
        nonlocal pos
        result, shift = 0, 0
        while True:
            byte = message[pos]
            pos += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    while pos < len(message):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, wire, varint()
        elif wire == 1:
            yield number, wire, message[pos:pos + 8]
            pos += 8
        elif wire == 2:
            length = varint()
            yield number, wire, message[pos:pos + length]
            pos += length
        elif wire == 5:
            yield number, wire, message[pos:pos + 4]
            pos += 4
        else:
            raise ValueError(f"unsupported wire type {wire}")


def int64(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def decode_image(message):
    image = {}
    for number, _, value in fields(message):
        if number in (1, 2, 3):
            image[{1: "height", 2: "width", 3: "colorspace"}[number]] = value
        elif number == 4:
            image["encoded_bytes"] = len(value)
            image["png"] = value[:8] == b"\x89PNG\r\n\x1a\n"
    return image


def decode_value(message):
    out = {}
    for number, _, value in fields(message):
        if number == 1:
            out["tag"] = value.decode("utf-8")
        elif number == 2:
            out["simple_value"] = struct.unpack("<f", value)[0]
        elif number == 4:
            out["image"] = decode_image(value)
    return out


def decode_event(message):
    event = {"wall_time": 0.0, "step": 0}
    for number, _, value in fields(message):
        if number == 1:
            event["wall_time"] = struct.unpack("<d", value)[0]
        elif number == 2:
            event["step"] = int64(value)
        elif number == 3:
            event["file_version"] = value.decode("utf-8")
        elif number == 5:
            event["values"] = [decode_value(v) for n, _, v in fields(value) if n == 1]
    return event


def main(path):
    if "tfevents" not in os.path.basename(path):
        sys.exit(f"{path}: TensorBoard only reads files whose name contains 'tfevents'")
    with open(path, "rb") as f:
        data = f.read()
    events = [decode_event(r) for r in records(data)]
    if not events or not events[0].get("file_version", "").startswith("brain.Event:"):
        sys.exit(f"{path}: first event is not a 'brain.Event:' file-version event")
    for event in events:
        print(json.dumps(event, ensure_ascii=False))
    print(f"OK: {len(events)} events, {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
