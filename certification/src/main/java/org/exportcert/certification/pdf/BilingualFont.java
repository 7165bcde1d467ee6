package org.exportcert.certification.pdf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The font of every PDF a person reads (certificate, assessment report): Noto Sans SC (SIL Open
 * Font License 1.1, fetched by the build), which prints Chinese and Latin text alike, embedded as
 * the subset of glyphs a document uses. The subset's name derives from those glyphs, so rendering
 * the same text again gives the same bytes.
 */
public final class BilingualFont {

  static final String RESOURCE = "/fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

  private static volatile byte[] fontBytes;

  private BilingualFont() {}

  /** Loads the font into {@code doc} as an embedded subset. */
  public static PDType0Font load(PDDocument doc) throws IOException {
    return PDType0Font.load(doc, new ByteArrayInputStream(bytes()), true);
  }

  /** The font file, read once from the classpath: about 10 MB, parsed again for each document. */
  static byte[] bytes() {
    byte[] bytes = fontBytes;
    if (bytes == null) {
      try (InputStream in = BilingualFont.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("PDF font " + RESOURCE + " is missing from the classpath; "
              + "the certification module's build fetches it (mvn -pl certification process-resources)");
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      fontBytes = bytes;
    }
    return bytes;
  }
}
