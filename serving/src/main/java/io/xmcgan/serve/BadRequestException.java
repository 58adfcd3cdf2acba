package io.xmcgan.serve;

/** A request the server refuses with 400: {@link #field} names the part to fix. */
public final class BadRequestException extends IllegalArgumentException {

  private final String field;

  public BadRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
