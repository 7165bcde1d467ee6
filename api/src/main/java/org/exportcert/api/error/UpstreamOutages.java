package org.exportcert.api.error;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.exportcert.certification.evidence.ObjectStorageException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a dependency outage (the database, the object store) from a fault of ours, by the
 * exception and its causes: an outage is answered 503 with {@code Retry-After}, never 500.
 */
public final class UpstreamOutages {

  /** The dependency that is out. */
  public enum Dependency { DATABASE, OBJECT_STORAGE, UNKNOWN }

  private UpstreamOutages() {}

  public static Optional<Dependency> of(Throwable error) {
    Dependency network = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLRecoverableException
          || (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosed(sql)))
          // committing or rolling back failed at the JDBC level: the connection broke under us
          || t.getClass().getName().equals("org.hibernate.TransactionException")
          || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
        return Optional.of(Dependency.DATABASE);
      }
      if (t instanceof ObjectStorageException || t.getClass().getName().startsWith("io.minio.")) {
        return Optional.of(Dependency.OBJECT_STORAGE);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException) {
        network = Dependency.UNKNOWN; // keep looking: an outer cause may name the dependency
      }
    }
    return Optional.ofNullable(network);
  }

  /** The pool's or driver's "connection is closed", which some paths raise without a state. */
  private static boolean isClosed(SQLException sql) {
    String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(java.util.Locale.ROOT);
    return message.contains("connection is closed") || message.contains("connection has been closed");
  }

  /** SQL state classes 08 (connection), 53 (resources), 57P (operator intervention: shutdown). */
  private static boolean isConnectionState(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
  }

  /**
   * SQL state class 22 (data exception: a value too long for its column, a NUL byte): the
   * client's input, not a conflict with stored data.
   */
  public static boolean isBadData(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
        return true;
      }
    }
    return false;
  }
}
