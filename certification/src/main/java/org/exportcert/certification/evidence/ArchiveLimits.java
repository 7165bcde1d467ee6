package org.exportcert.certification.evidence;

/**
 * Bounds on a zip-based upload, checked from its central directory before anything is unpacked:
 * no document the scheme asks for comes near them, a zip bomb (a 1 MiB file of 1 GiB of zeros)
 * passes none.
 */
final class ArchiveLimits {

  /** Office documents hold tens to a few hundred entries. */
  static final int MAX_ENTRIES = 10_000;

  /** What all entries may unpack to together. */
  static final long MAX_INFLATED_BYTES = 2L << 30;

  /** XML and text compress about 10:1; zeros compress about 1000:1. */
  static final long MAX_RATIO = 100;

  /** Below this an entry (or archive) may compress as well as it likes. */
  static final long RATIO_FLOOR_BYTES = 1L << 20;

  private ArchiveLimits() {}

  static EvidenceRejectedException refused(String why) {
    return new EvidenceRejectedException(
        EvidenceRejectedException.Reason.UNSAFE_ARCHIVE, "The archive is refused: " + why + ".");
  }
}
