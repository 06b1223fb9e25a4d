package io.hubia.runtime.audit;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Builds the audit store's connection pool.
 *
 * <p>Why Agroal used as a library rather than the Quarkus datasource: the JDBC URL arrives in the
 * runtime configuration file (rendered by the operator), which is read after boot and may change
 * while the runtime runs; a Quarkus datasource is fixed at boot, and its extension (with Flyway's)
 * would tie start-up to PostgreSQL, whereas the runtime must start, stay live and report itself
 * unready while the audit database is down. Agroal is the pool Quarkus itself uses, so this is the
 * same tested code, built and replaced by {@link AuditService} from each configuration.
 *
 * <p>Timeouts keep a stopped or unreachable database a fast failure, not a hang: the driver's
 * connect and login timeouts and the pool's acquisition timeout are {@code connectTimeout}; every
 * statement (advisory lock waits included) is cut by PostgreSQL after {@code statementTimeout}, and
 * a socket read by the driver a little later, should the server itself be gone. Connections are
 * validated when borrowed, and ones that hit a fatal error are discarded, so a restarted database
 * is used again without a failed request.
 */
public final class AuditDataSources {
  private AuditDataSources() {}

  /** A new pool; it opens no connection until one is needed. */
  public static AgroalDataSource create(AuditConnection c) throws SQLException {
    int connectSeconds = seconds(c.connectTimeout());
    long statementMillis = Math.max(1, c.statementTimeout().toMillis());
    int socketSeconds = seconds(c.statementTimeout()) + 2;
    AgroalDataSourceConfigurationSupplier config =
        new AgroalDataSourceConfigurationSupplier()
            .metricsEnabled(false)
            .connectionPoolConfiguration(
                pool ->
                    pool.initialSize(0)
                        .minSize(0)
                        .maxSize(c.poolSize())
                        .acquisitionTimeout(c.connectTimeout())
                        .validateOnBorrow(true)
                        .connectionValidator(
                            ConnectionValidator.defaultValidatorWithTimeout(connectSeconds))
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .reapTimeout(Duration.ofMinutes(5))
                        .maxLifetime(Duration.ofMinutes(30))
                        .connectionFactoryConfiguration(
                            factory -> {
                              factory
                                  .jdbcUrl(c.jdbcUrl())
                                  .loginTimeout(c.connectTimeout())
                                  .jdbcProperty("connectTimeout", String.valueOf(connectSeconds))
                                  .jdbcProperty("loginTimeout", String.valueOf(connectSeconds))
                                  .jdbcProperty("socketTimeout", String.valueOf(socketSeconds))
                                  .jdbcProperty("tcpKeepAlive", "true")
                                  .jdbcProperty("ApplicationName", "hubia-runtime-audit")
                                  .jdbcProperty(
                                      "options", "-c statement_timeout=" + statementMillis);
                              if (c.username() != null) {
                                factory.principal(new NamePrincipal(c.username()));
                              }
                              if (c.password() != null) {
                                factory.credential(new SimplePassword(c.password()));
                              }
                              return factory;
                            }));
    return AgroalDataSource.from(config);
  }

  private static int seconds(Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
