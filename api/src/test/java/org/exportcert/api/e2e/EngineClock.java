package org.exportcert.api.e2e;

import io.camunda.client.CamundaClient;
import io.camunda.client.impl.CamundaClientImpl;
import java.time.Instant;

/**
 * The engine clock through the Camunda 8 clock API ({@code PUT /v2/clock},
 * {@code POST /v2/clock/reset}). Client 8.8 has the commands on {@link CamundaClientImpl} only
 * (Camunda Process Test calls them the same way); a Camunda 8.8 cluster answers them when started
 * with a controlled clock ({@code ZEEBE_CLOCK_CONTROLLED=true}), ExportCert's engine always.
 */
public final class EngineClock {

  private EngineClock() {}

  public static void pin(CamundaClient client, Instant at) {
    impl(client).newPinClockCommand().time(at).send().join();
  }

  public static void reset(CamundaClient client) {
    impl(client).newResetClockCommand().send().join();
  }

  private static CamundaClientImpl impl(CamundaClient client) {
    if (client instanceof CamundaClientImpl impl) {
      return impl;
    }
    throw new IllegalStateException(
        "The engine clock needs the official client implementation, got " + client.getClass());
  }
}
