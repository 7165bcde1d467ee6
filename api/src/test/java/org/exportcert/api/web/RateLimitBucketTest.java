package org.exportcert.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitBucketTest {

  @Test
  void aCallerGetsTheBurstThenWaitsForRefill() {
    PublicRateLimitFilter.Bucket bucket = new PublicRateLimitFilter.Bucket(2);
    assertThat(bucket.take(0, 2)).isZero();
    assertThat(bucket.take(0, 2)).isZero();
    assertThat(bucket.take(0, 2)).isEqualTo(30); // one token per 30 s at 2 a minute
    assertThat(bucket.take(30_000, 2)).isZero();
  }
}
