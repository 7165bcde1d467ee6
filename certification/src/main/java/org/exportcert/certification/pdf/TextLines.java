package org.exportcert.certification.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * Lines of text on one page in one embedded font; bold is drawn as fill plus a thin stroke (the
 * font has one weight). Text wraps by measured width, so Chinese text, which has no spaces,
 * breaks where the line is full.
 */
public final class TextLines {

  private final PDPageContentStream s;
  private final PDFont font;
  private final float right;

  /** @param right the x where wrapped text ends */
  public TextLines(PDPageContentStream s, PDFont font, float right) {
    this.s = s;
    this.font = font;
    this.right = right;
  }

  /** Writes one line at (x, y); returns the y of the next line. */
  public float line(boolean bold, float size, float x, float y, String text) throws IOException {
    s.beginText();
    s.setFont(font, size);
    if (bold) {
      s.setRenderingMode(RenderingMode.FILL_STROKE);
      s.setLineWidth(size / 30f);
    } else {
      s.setRenderingMode(RenderingMode.FILL);
    }
    s.newLineAtOffset(x, y);
    s.showText(printable(text == null ? "" : text));
    s.endText();
    return y - size * 1.5f;
  }

  /** Wraps by measured width: at a space where there is one, else between any two characters (CJK). */
  public float wrapped(boolean bold, float size, float x, float y, String text) throws IOException {
    for (String l : split(size, x, text)) {
      y = line(bold, size, x, y, l);
    }
    return y;
  }

  /** The lines {@link #wrapped} writes for {@code text} from {@code x}: to lay them out across pages. */
  public List<String> split(float size, float x, String text) throws IOException {
    List<String> lines = new ArrayList<>();
    String rest = printable(text == null ? "" : text);
    float max = right - x;
    while (!rest.isEmpty() && width(rest, size) > max) {
      int cut = fitting(rest, size, max);
      int space = rest.lastIndexOf(' ', cut);
      // a nearby space is the better break for Latin words; CJK text breaks where it is full
      if (space > 0 && cut - space < 16) {
        cut = space;
      }
      lines.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    lines.add(rest);
    return lines;
  }

  private int fitting(String text, float size, float max) throws IOException {
    int end = 1;
    while (end < text.length()) {
      int next = text.offsetByCodePoints(end, 1);
      if (width(text.substring(0, next), size) > max) {
        break;
      }
      end = next;
    }
    return end;
  }

  private float width(String text, float size) throws IOException {
    return font.getStringWidth(text) / 1000f * size;
  }

  /** Control characters and anything the font has no glyph for print as '?', never fail the page. */
  private String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (cp < 0x20 || Character.isISOControl(cp)) {
        b.append(' ');
        return;
      }
      String ch = new String(Character.toChars(cp));
      try {
        font.encode(ch);
        b.append(ch);
      } catch (IOException | IllegalArgumentException e) {
        b.append('?');
      }
    });
    return b.toString();
  }
}
