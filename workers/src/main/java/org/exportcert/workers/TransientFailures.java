package org.exportcert.workers;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.eligibility.InvalidApplicationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Tells a failure that goes away by itself (overload, outage) from one that never will. */
final class TransientFailures {

  private TransientFailures() {}

  /** Somewhere in the cause chain a dependency was overloaded, unreachable or answered 5xx / 429. */
  static boolean isTransient(Throwable failure) {
    for (Throwable t : chain(failure).keySet()) {
      if (t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException sql && transientSqlState(sql.getSQLState())) {
        return true;
      }
      if (t instanceof ServerException server && retryableStatus(server.statusCode())) {
        return true;
      }
      if (t instanceof ErrorResponseException s3 && s3.response() != null && retryableStatus(s3.response().code())) {
        return true;
      }
    }
    return false;
  }

  /** Retrying cannot help: the input or the model is wrong, an operator must look at it. */
  static boolean isPermanent(Throwable failure) {
    return failure instanceof BusinessRuleException
        || failure instanceof InvalidApplicationException
        || failure instanceof IllegalArgumentException;
  }

  // connection errors, insufficient resources, operator intervention, serialization failure, deadlock
  private static boolean transientSqlState(String state) {
    return state != null
        && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01"));
  }

  private static boolean retryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  private static Map<Throwable, Boolean> chain(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && !seen.containsKey(t) && seen.size() < 32; t = t.getCause()) {
      seen.put(t, true);
    }
    return seen;
  }
}
