package org.exportcert.certification.casefile;

/** ISO/IEC 17067 scheme types this scheme uses. */
public enum SchemeType {
  TYPE_5,
  TYPE_6
}
