package org.exportcert.engine.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.exportcert.engine.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every gRPC call without valid credentials with {@code UNAUTHENTICATED} before it reaches
 * the gateway; the Camunda client sends the same {@code authorization} value as over REST.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;

  public AuthenticationInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    try {
      authenticator.authenticate(headers.get(AUTHORIZATION));
    } catch (Authenticator.Refused refused) {
      call.close(Status.UNAUTHENTICATED.withDescription(refused.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    } catch (RuntimeException | LinkageError e) {
      LOG.error("authentication check of {} failed", call.getMethodDescriptor().getFullMethodName(), e);
      call.close(Status.UNAUTHENTICATED.withDescription("The credentials could not be checked"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
