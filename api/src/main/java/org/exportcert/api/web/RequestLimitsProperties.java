package org.exportcert.api.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxJsonBytes largest JSON request body; uploads have their own multipart limit
 * @param publicRequestsPerMinute per client address, for the public registry and partner webhook
 */
@ConfigurationProperties(prefix = "exportcert.api")
public record RequestLimitsProperties(long maxJsonBytes, int publicRequestsPerMinute) {

  public RequestLimitsProperties {
    maxJsonBytes = maxJsonBytes <= 0 ? 1_048_576 : maxJsonBytes;
    publicRequestsPerMinute = publicRequestsPerMinute <= 0 ? 120 : publicRequestsPerMinute;
  }
}
