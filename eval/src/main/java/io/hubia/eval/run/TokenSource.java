package io.hubia.eval.run;

import io.hubia.eval.GoldenCase;
import java.io.IOException;

/**
 * Gives the bearer token to ask a question as a golden case's caller. Implementations never log or
 * print tokens, and their exceptions name the subject, never the token.
 */
public interface TokenSource {

  /**
   * The token for {@code caller}.
   *
   * @throws IOException when no token can be had for the caller (the evaluation cannot run)
   */
  String tokenFor(GoldenCase.Caller caller) throws IOException, InterruptedException;
}
