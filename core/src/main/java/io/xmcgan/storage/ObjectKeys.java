package io.xmcgan.storage;

/** Checks keys before they reach a store, so that no key can escape the store's root. */
final class ObjectKeys {

  private ObjectKeys() {}

  /** Returns {@code key} when it is a valid object key, else throws naming the problem. */
  static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException(
          "object key '" + key + "' must not start or end with '/'; keys are relative file names");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "object key '" + key + "' has an empty, '.' or '..' path segment");
      }
    }
    if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "object key '" + key + "' must not contain a backslash or NUL character");
    }
    return key;
  }

  /** Returns {@code prefix} when it is usable for listing: empty, or a key start without '..'. */
  static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("list prefix must not be null; use \"\" for all objects");
    }
    if (prefix.startsWith("/") || prefix.contains("..") || prefix.contains("//")) {
      throw new IllegalArgumentException(
          "list prefix '" + prefix + "' must be relative and must not contain '..' or '//'");
    }
    return prefix;
  }
}
