package io.hubia.runtime.policy.redaction;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Redacts every log record of the handlers it is attached to ({@code
 * quarkus.log.console.filter=hubia-redaction} in application.properties; add it to any file or
 * syslog handler you enable), as the served policies say ({@link LogRedaction}). It never drops a
 * record.
 *
 * <p>A filter rather than a helper at each call site: the runtime's own log lines carry no question
 * or answer text, but libraries' do (an exception message quoting a request body, a client logging
 * a request), and a line added later would have to remember the helper.
 */
@LoggingFilter(name = LogRedactionFilter.NAME)
public final class LogRedactionFilter implements Filter {
  /** The name the handlers' {@code filter} property gives. */
  public static final String NAME = "hubia-redaction";

  @Override
  public boolean isLoggable(LogRecord record) {
    LogRedaction.redact(record);
    return true;
  }
}
